/**
 * One panel's axes and series as ECharts option fragments. Axes are styled for print (thin black
 * lines, outward ticks, faint grid) and titled with the metric's name and unit.
 */
import { FIGURE_INK, seriesStyle } from './figure-palette';
import { COLLAPSE_THRESHOLD_NATS, type PlotLine, type PlotPanel } from './figure-plot';
import type { FigureSpec } from './figure-spec';
import { categoryLabelEvery, type Rect } from './figure-layout';
import { figureTextWidth } from './text-measure';

type Option = Record<string, unknown>;

export interface PanelOptions {
  xAxis: Option;
  yAxis: Option;
  series: Option[];
  visualMap: Option | null;
  /** The axes' box when the panel lays it out itself (heatmaps); else ECharts fits it in the cell. */
  grid?: Rect;
}


/**
 * An x axis's title sits a fixed distance below the axis line: past the tick labels (one line at 0.9
 * of the font size, after their margin). ECharts' own overlap nudge misses category axes whose labels
 * are thinned, so x titles do not rely on it.
 */
export function xAxisTitle(spec: FigureSpec): Option {
  return { nameMoveOverlap: false, nameGap: spec.font.sizePt * 1.55 };
}

export function axisStyle(spec: FigureSpec, title: string): Option {
  const fontSize = spec.font.sizePt;
  return {
    name: title,
    nameLocation: 'middle',
    nameTextStyle: { fontSize, color: FIGURE_INK.text },
    nameMoveOverlap: true,
    nameGap: fontSize * 0.6,
    // Axes sit at the plot's edge, never across it at zero (a scatter of μ straddles 0).
    axisLine: { show: true, onZero: false, lineStyle: { color: FIGURE_INK.axis, width: 0.5 } },
    axisTick: { show: true, length: 3, lineStyle: { color: FIGURE_INK.axis, width: 0.5 } },
    axisLabel: { fontSize: fontSize * 0.9, color: FIGURE_INK.text, margin: fontSize * 0.5, hideOverlap: true, formatter: tickLabel },
    splitLine: { show: true, lineStyle: { color: FIGURE_INK.grid, width: 0.5 } },
  };
}

/** Tick numbers as typeset: a true minus sign (U+2212), never a hyphen, and no float noise. */
export function tickLabel(value: number | string): string {
  if (typeof value === 'string') return value;
  return String(Number(value.toPrecision(6))).replace('-', '\u2212');
}

function lineSeries(spec: FigureSpec, panelIndex: number, line: PlotLine, showSymbols: boolean): Option[] {
  const style = seriesStyle(spec.palette, line.styleIndex);
  const base = { type: 'line', xAxisIndex: panelIndex, yAxisIndex: panelIndex, animation: false, silent: true };
  const symbolSize = spec.font.sizePt * 0.45;
  const main: Option = {
    ...base,
    name: line.runName,
    data: line.points,
    color: style.color,
    lineStyle: { color: style.color, width: 0.9, type: style.dash },
    itemStyle: { color: style.color },
    symbol: style.marker,
    symbolSize,
    showSymbol: showSymbols,
    z: 3,
  };
  if (!line.raw) return [main];
  // The raw curve stays visible, faint, so smoothing can never hide what was measured. It comes after
  // the smoothed one: a legend entry takes its swatch from the first series of its name.
  const raw: Option = { ...base, name: line.runName, data: line.raw, color: style.color, lineStyle: { color: style.color, width: 0.5, opacity: 0.3 }, itemStyle: { color: style.color }, symbol: 'none', z: 2 };
  return [main, raw];
}

export function curvesPanel(spec: FigureSpec, panel: Extract<PlotPanel, { kind: 'curves' | 'rate-distortion' }>, index: number): PanelOptions {
  const mostPoints = Math.max(0, ...panel.lines.map((line) => line.points.length));
  // Markers separate runs in greyscale; on dense curves they would be a smear, so dashes do it there.
  const showSymbols = panel.kind === 'rate-distortion' || mostPoints <= 30;
  const xAxis: Option = {
    ...axisStyle(spec, panel.xTitle),
    ...xAxisTitle(spec),
    type: 'value',
    gridIndex: index,
    scale: true,
    splitLine: { show: false },
    // Epoch curves start and end where the data does (epoch 1, not 0) and tick on whole numbers; steps
    // and seconds keep round ends (500, not the last step's 499).
    ...(panel.kind === 'curves' && panel.x === 'epoch' ? { min: 'dataMin', max: 'dataMax', minInterval: 1 } : {}),
  };
  const yAxis: Option = { ...axisStyle(spec, panel.yTitle), type: panel.logY ? 'log' : 'value', gridIndex: index, scale: true, nameRotate: 90 };
  return { xAxis, yAxis, series: panel.lines.flatMap((line) => lineSeries(spec, index, line, showSymbols)), visualMap: null };
}

export function klPanel(spec: FigureSpec, panel: Extract<PlotPanel, { kind: 'kl-per-dim' }>, index: number, cell: Rect): PanelOptions {
  const fontSize = spec.font.sizePt;
  const tickSize = fontSize * 0.9;
  const dims = Math.max(0, ...panel.bars.map((bar) => bar.values.length));
  const categories = Array.from({ length: dims }, (_, d) => String(d));
  const maxKl = Math.max(COLLAPSE_THRESHOLD_NATS, ...panel.bars.flatMap((bar) => bar.values));
  const scaleTop = `${formatTick(maxKl)} nats`;
  // A heatmap's box is laid out here: run names on the left, the colour scale on the right.
  const nameWidth = Math.max(0, ...panel.bars.map((bar) => figureTextWidth(bar.runName, spec.font.family, tickSize)));
  const scaleWidth = figureTextWidth(scaleTop, spec.font.family, tickSize);
  const heatmapBox: Rect = {
    left: cell.left + nameWidth + fontSize * 0.8,
    top: cell.top + fontSize * 0.9,
    width: Math.max(10, cell.width - nameWidth - fontSize * 1.6 - scaleWidth),
    height: Math.max(10, cell.height - fontSize * 3.8),
  };
  const plotWidth = panel.style === 'heatmap' ? heatmapBox.width : cell.width - fontSize * 4;
  const labelWidth = figureTextWidth(String(Math.max(0, dims - 1)), spec.font.family, tickSize);
  const every = categoryLabelEvery(dims, labelWidth, plotWidth);
  const xAxis: Option = {
    ...axisStyle(spec, panel.xTitle),
    ...xAxisTitle(spec),
    type: 'category',
    gridIndex: index,
    data: categories,
    splitLine: { show: false },
    axisTick: { show: true, alignWithLabel: true, interval: every - 1, length: 3, lineStyle: { color: FIGURE_INK.axis, width: 0.5 } },
    axisLabel: { ...(axisStyle(spec, '')['axisLabel'] as Option), interval: every - 1, hideOverlap: false, formatter: undefined },
  };

  if (panel.style === 'heatmap') {
    const yAxis: Option = { ...axisStyle(spec, ''), type: 'category', gridIndex: index, data: panel.bars.map((bar) => bar.runName), splitLine: { show: false }, inverse: true };
    const series: Option[] = [
      {
        type: 'heatmap',
        xAxisIndex: index,
        yAxisIndex: index,
        silent: true,
        animation: false,
        data: panel.bars.flatMap((bar, row) => bar.values.map((value, d) => [d, row, value])),
      },
    ];
    const visualMap: Option = {
      type: 'continuous',
      seriesIndex: -1, // patched by the caller to this panel's series index
      min: 0,
      max: maxKl,
      calculable: false,
      orient: 'vertical',
      // At the cell's right edge: ECharts centres the bar under its top label within the box.
      left: cell.left + cell.width - scaleWidth,
      padding: 0,
      top: heatmapBox.top,
      itemWidth: fontSize * 0.8,
      itemHeight: Math.max(10, heatmapBox.height - fontSize * 2.6),
      text: [scaleTop, '0'],
      textGap: fontSize * 0.3,
      textStyle: { fontSize: fontSize * 0.9, color: FIGURE_INK.text },
      inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] },
    };
    return { xAxis, yAxis, series, visualMap, grid: heatmapBox };
  }

  const yAxis: Option = { ...axisStyle(spec, panel.yTitle), type: panel.logY ? 'log' : 'value', gridIndex: index, nameRotate: 90, ...(panel.logY ? logBarFloor(panel) : {}) };
  const series: Option[] = panel.bars.map((bar, barIndex) => {
    const style = seriesStyle(spec.palette, bar.styleIndex);
    return {
      type: 'bar',
      name: bar.runName,
      xAxisIndex: index,
      yAxisIndex: index,
      animation: false,
      silent: true,
      data: bar.values,
      // Greyscale print: alternate runs are hollow, so two bars of one dimension stay apart.
      itemStyle: barIndex % 2 === 0 ? { color: style.color } : { color: '#ffffff', borderColor: style.color, borderWidth: 0.8 },
      barGap: '10%',
      barCategoryGap: '25%',
      ...(barIndex === 0 && panel.threshold ? { markLine: thresholdLine() } : {}),
    };
  });
  return { xAxis, yAxis, series, visualMap: null };
}

/**
 * On a log axis ECharts grows bars from 1, so a dimension of 0.004 nats would hang down from 1 like a
 * large one: bars start at the axis floor instead, the decade below the smallest bar or threshold.
 */
function logBarFloor(panel: Extract<PlotPanel, { kind: 'kl-per-dim' }>): Option {
  const positive = panel.bars.flatMap((bar) => bar.values).filter((value) => value > 0);
  const floor = 10 ** Math.floor(Math.log10(Math.min(COLLAPSE_THRESHOLD_NATS, ...positive)));
  return { min: floor, startValue: floor };
}

/** The collapse threshold as a dashed line; the panel's note names it (a label here would sit on bars). */
function thresholdLine(): Option {
  return {
    silent: true,
    symbol: 'none',
    animation: false,
    lineStyle: { color: FIGURE_INK.threshold, type: [3, 2], width: 0.6 },
    label: { show: false },
    data: [{ yAxis: COLLAPSE_THRESHOLD_NATS }],
  };
}

function formatTick(value: number): string {
  return String(Number(value.toPrecision(3)));
}
