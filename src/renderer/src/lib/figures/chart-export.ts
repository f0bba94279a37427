/**
 * Chart → figure. A PNG at twice the on-screen pixel density for slides and papers, and an SVG whose
 * axes, legend and labels stay real <text> (editable in Inkscape, crisp in Overleaf). Print figures
 * are rendered by a separate, throw-away ECharts instance with the print theme, so a dark-mode screen
 * still exports dark-on-white, and the on-screen chart is never touched.
 */
import { buildChartTheme, EXPORT_FONT_FAMILY, PRINT_COLORS, type ChartTheme } from '../../charts/chart-theme';
import { echarts, type ECharts, type EChartsCoreOption } from '../../charts/echarts-setup';

export interface FigureSize {
  width: number;
  height: number;
}

export interface FigureStyle {
  theme: ChartTheme;
  /** Painted behind the chart; exported figures are opaque so they read on any page. */
  backgroundColor: string;
}

export const DEFAULT_PIXEL_RATIO = 2;

/** 'print': dark on white in generic fonts (for papers and slides); 'screen': what the user sees. */
export type FigureAppearance = 'print' | 'screen';

/** Dark text on white in generic font families: what a figure leaving the app should look like. */
export function printFigureStyle(): FigureStyle {
  return { theme: buildChartTheme(PRINT_COLORS, EXPORT_FONT_FAMILY), backgroundColor: PRINT_COLORS.surface };
}

/** The chart exactly as on screen, as a PNG data URL at `pixelRatio` × its CSS size. */
export function chartToPngDataUrl(chart: ECharts, options: { pixelRatio?: number; backgroundColor: string }): string {
  return chart.getDataURL({ type: 'png', pixelRatio: options.pixelRatio ?? DEFAULT_PIXEL_RATIO, backgroundColor: options.backgroundColor });
}

/** Renders `option` offscreen as a PNG data URL of (width × pixelRatio) × (height × pixelRatio) pixels. */
export function optionToPngDataUrl(
  option: EChartsCoreOption,
  size: FigureSize,
  options: { pixelRatio?: number; style?: FigureStyle } = {},
): string {
  const pixelRatio = options.pixelRatio ?? DEFAULT_PIXEL_RATIO;
  const style = options.style ?? printFigureStyle();
  // A detached element is enough for the canvas renderer when the size is given explicitly.
  const chart = echarts.init(document.createElement('div'), style.theme, {
    renderer: 'canvas',
    width: size.width,
    height: size.height,
    devicePixelRatio: pixelRatio,
  });
  try {
    chart.setOption(staticOption(option));
    return chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: style.backgroundColor });
  } finally {
    chart.dispose();
  }
}

/** Renders `option` with the SVG renderer in server-side mode and returns the SVG document. */
export function optionToSvgString(option: EChartsCoreOption, size: FigureSize, style: FigureStyle = printFigureStyle()): string {
  const chart = echarts.init(null, style.theme, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...staticOption(option), backgroundColor: style.backgroundColor });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Copies which legend entries the user switched off on the live chart into `option`, so the figure
 * shows what the user was looking at.
 */
export function withLegendSelection(option: EChartsCoreOption, chart: ECharts): EChartsCoreOption {
  const live = chart.getOption() as { legend?: { selected?: Record<string, boolean> }[] };
  const selected = live.legend?.[0]?.selected;
  const legend = option['legend'];
  if (!selected || !legend || Array.isArray(legend)) return option;
  return { ...option, legend: { ...(legend as object), selected } };
}

export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(dataUrl);
  if (!match) throw new Error(`not a data URL: ${dataUrl.slice(0, 40)}…`);
  const [, type, base64, payload = ''] = match;
  if (!base64) return new Blob([decodeURIComponent(payload)], { type });
  const binary = atob(payload);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

export function svgToBlob(svg: string): Blob {
  return new Blob([svg], { type: 'image/svg+xml;charset=utf-8' });
}

/** A figure is drawn once and completely: no entry animation, no progressive (frame-sliced) drawing. */
function staticOption(option: EChartsCoreOption): EChartsCoreOption {
  const series = option['series'];
  const staticSeries = Array.isArray(series)
    ? series.map((item: Record<string, unknown>) => ({ ...item, progressive: 0, animation: false }))
    : series;
  return { ...option, animation: false, series: staticSeries };
}
