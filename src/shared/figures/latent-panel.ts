/**
 * The latent scatter panel: one run's held-out posterior means in 2-D, one series per class. Ten
 * classes get ten colours and ten marker shapes (filled and hollow), so classes stay apart in
 * greyscale; the panel carries its own class legend at its right edge.
 */
import { FIGURE_INK } from './figure-palette';
import type { PlotPanel } from './figure-plot';
import type { FigureSpec } from './figure-spec';
import type { Rect } from './figure-layout';
import { axisStyle, type PanelOptions, tickLabel, xAxisTitle } from './panel-options';
import { figureTextWidth } from './text-measure';

/** Okabe–Ito's eight, then two of Paul Tol's muted set. */
const CLASS_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#F0E442', '#882255', '#999933'];
const CLASS_MARKERS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond', 'roundRect', 'pin'];

export const classSeriesName = (label: number) => `class ${label}`;

export interface LatentPanelOptions extends PanelOptions {
  /** The class legend, at the cell's right edge. */
  legend: Record<string, unknown> | null;
  /** The width left for the axes beside that legend. */
  plotWidth: number;
}

export function latentPanel(spec: FigureSpec, panel: Extract<PlotPanel, { kind: 'latent-scatter' }>, index: number, cell: Rect): LatentPanelOptions {
  const fontSize = spec.font.sizePt;
  const classes = panel.scatter?.classes ?? [];
  const names = classes.map((entry) => classSeriesName(entry.label));
  const legendWidth = names.length > 0 ? Math.max(...names.map((name) => figureTextWidth(name, spec.font.family, fontSize * 0.85))) + fontSize * 1.4 : 0;
  const palette = spec.palette === 'greyscale' ? ['#000000', '#444444', '#777777', '#999999'] : CLASS_COLORS;
  const series = classes.map((entry, i) => ({
    type: 'scatter',
    name: classSeriesName(entry.label),
    xAxisIndex: index,
    yAxisIndex: index,
    silent: true,
    animation: false,
    data: entry.points,
    symbol: CLASS_MARKERS[entry.label % CLASS_MARKERS.length] ?? 'circle',
    symbolSize: fontSize * 0.35,
    itemStyle: { color: palette[entry.label % palette.length] ?? '#000000', opacity: 0.8, borderWidth: 0.4 },
    z: 2 + i,
  }));
  const legend =
    names.length > 0
      ? {
          show: true,
          type: 'plain',
          orient: 'vertical',
          left: cell.left + cell.width - legendWidth + fontSize * 0.3,
          top: cell.top,
          padding: 0,
          itemWidth: fontSize * 0.6,
          itemHeight: fontSize * 0.6,
          itemGap: fontSize * 0.5,
          textStyle: { fontSize: fontSize * 0.85, color: FIGURE_INK.text },
          data: names,
          selectedMode: false,
        }
      : null;
  return {
    xAxis: { ...axisStyle(spec, panel.xTitle), ...xAxisTitle(spec), type: 'value', gridIndex: index, scale: true, splitLine: { show: false } },
    yAxis: { ...axisStyle(spec, panel.yTitle), type: 'value', gridIndex: index, scale: true, nameRotate: 90, axisLabel: { ...(axisStyle(spec, '')['axisLabel'] as object), formatter: tickLabel } },
    series,
    visualMap: null,
    legend,
    plotWidth: cell.width - legendWidth,
  };
}
