/**
 * Series styles that stay apart for colour-blind readers and in greyscale print: the Okabe–Ito
 * palette (Okabe & Ito 2008, "Color Universal Design"), each colour paired with its own dash
 * pattern and marker, so two runs differ even when the colours print as the same grey.
 */

/** Okabe–Ito without yellow, which is too light on white paper; black last. */
const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000'];
const GREYS = ['#000000', '#555555', '#888888', '#333333', '#777777', '#aaaaaa', '#222222'];
/** SVG dash arrays in points (ECharts lineStyle.type accepts a number array). */
const DASHES: (number[] | 'solid')[] = ['solid', [4, 2], [1, 1.5], [5, 1.5, 1, 1.5], [2.5, 2.5], [6, 2, 1, 2, 1, 2]];
const MARKERS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect', 'emptyTriangle'];

export interface SeriesStyle {
  color: string;
  dash: number[] | 'solid';
  marker: string;
}

export function seriesStyle(palette: 'okabe-ito' | 'greyscale', index: number): SeriesStyle {
  const colors = palette === 'greyscale' ? GREYS : OKABE_ITO;
  return {
    color: colors[index % colors.length] ?? '#000000',
    dash: DASHES[index % DASHES.length] ?? 'solid',
    marker: MARKERS[index % MARKERS.length] ?? 'circle',
  };
}

/** Figure ink: black text, mid-grey axes and faint grid lines, on white. */
export const FIGURE_INK = { text: '#000000', axis: '#333333', grid: '#e3e3e3', background: '#ffffff', threshold: '#777777' } as const;
