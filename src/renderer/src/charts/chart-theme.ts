/**
 * The ECharts theme built from the app's CSS variables (src/renderer/src/app.css), so charts follow
 * light and dark mode like the rest of the UI. Pure: the DOM read lives in css-colors.ts.
 */

/** The app's colour variables a chart needs. */
export interface ChartColors {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
}

/**
 * Series colours: Okabe & Ito's colour-blind-safe palette without its black (invisible on the dark
 * theme), blue first, then two of Paul Tol's "muted" colours to reach ten distinct classes.
 */
export const SERIES_PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#999999', // grey
  '#F0E442', // yellow
  '#882255', // wine (Tol)
  '#44AA99', // teal (Tol)
];

/**
 * Colours for a figure that leaves the app: dark text on white whatever the screen's theme, since a
 * figure in a paper or slide sits on a white page. Same values as app.css's light theme.
 */
export const PRINT_COLORS: ChartColors = {
  text: '#1c1d21',
  muted: '#5d6170',
  border: '#dcdde3',
  surface: '#ffffff',
  accent: '#3b5bdb',
};

/** Generic families only: an exported SVG keeps its text as text, so the reader's fonts must match. */
export const EXPORT_FONT_FAMILY = 'sans-serif';

export type ChartTheme = Record<string, unknown>;

export function buildChartTheme(colors: ChartColors, fontFamily: string): ChartTheme {
  const axis = {
    axisLine: { lineStyle: { color: colors.muted } },
    axisTick: { lineStyle: { color: colors.muted } },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.border } },
    minorSplitLine: { lineStyle: { color: colors.border, opacity: 0.5 } },
    nameTextStyle: { color: colors.text },
  };
  return {
    color: [...SERIES_PALETTE],
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily },
    title: { textStyle: { color: colors.text }, subtextStyle: { color: colors.muted } },
    legend: {
      textStyle: { color: colors.text },
      inactiveColor: colors.border,
      pageTextStyle: { color: colors.muted },
      pageIconColor: colors.accent,
      pageIconInactiveColor: colors.border,
    },
    tooltip: {
      backgroundColor: colors.surface,
      borderColor: colors.border,
      textStyle: { color: colors.text, fontFamily },
      axisPointer: { lineStyle: { color: colors.muted }, crossStyle: { color: colors.muted } },
    },
    categoryAxis: axis,
    valueAxis: axis,
    logAxis: axis,
    timeAxis: axis,
    visualMap: { textStyle: { color: colors.text } },
    markLine: { label: { color: colors.text } },
  };
}
