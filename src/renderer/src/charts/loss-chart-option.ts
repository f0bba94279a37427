/**
 * The ECharts option for training curves: one or more metrics (or one metric for N runs, in Compare),
 * each drawn as a faint raw line, a TensorBoard-smoothed line and, for downsampled history, a min/max
 * envelope. Pure: no DOM, no ECharts runtime, so it is unit-tested in Node.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { SeriesBucket } from '../../../shared/metric-series';
import type { XAxisKind } from '../lib/series/downsampled-series';
import { X_AXIS_LABELS } from '../lib/series/downsampled-series';
import { escapeHtml, formatAxisValue, formatDuration, formatMetricValue, niceDurationInterval } from '../lib/series/format';
import { CappedSeriesCache } from '../lib/series/capped-series';
import { plotSeries, type PlottedSeries } from '../lib/series/plot-series';
import { envelopeAt, envelopeExtent, envelopeRenderer } from './loss-chart-envelope';
import { SERIES_PALETTE } from './chart-theme';


/** Below this many points a series shows its point symbols. */
const FEW_POINTS = 30;
export interface MetricSeries {
  /** Unique among the chart's series (e.g. "loss" or "<runId>:loss"). */
  id: string;
  /** Legend label: the metric ("KL") or, in Compare, the run's name. */
  name: string;
  buckets: readonly SeriesBucket[];
  /** Right axis for quantities on another scale, such as β. Default left. */
  axis?: 'left' | 'right';
  color?: string;
  /** Unix milliseconds the wall-time axis counts from for this series; default its first bucket. */
  wallTimeOrigin?: number;
  /**
   * Whether the smoothing slider applies. Schedules (β, learning rate) should not be smoothed: it
   * only makes them lag. Default: true on the left axis, false on the right (where β lives).
   */
  smooth?: boolean;
}

export interface LossChartSettings {
  x: XAxisKind;
  smoothing: number;
  logY: boolean;
  stepsPerEpoch?: number;
  leftAxisName: string;
  rightAxisName: string;
  /** Longer series are merged down to this many buckets (history plus live points keeps growing). */
  maxBucketsPerSeries: number;
}

export interface LossChartModel {
  option: EChartsCoreOption;
  /** Sentences to show under the chart, e.g. what a log axis had to leave out. */
  notes: string[];
}

/** Series id suffixes: every metric is up to three ECharts series that share its legend name. */
export const SERIES_PART = { raw: '::raw', smoothed: '::smoothed', envelope: '::envelope' } as const;

const RAW_OPACITY = 0.3;
/** Fixed margins (px): tick labels are formatted to fit, so streaming data never shifts the plot. */
const GRID = { top: 36, bottom: 48, left: 68, rightWithAxis: 64, right: 24 };

interface TooltipParam {
  seriesId?: string;
  seriesName?: string;
  marker?: unknown;
  value?: unknown;
  axisValue?: unknown;
}

/**
 * `cache` carries the capped series from one call to the next, so a live chart redrawn with one more
 * bucket only validates and merges what was appended; without one every series is taken whole.
 */
export function buildLossChartOption(
  metrics: readonly MetricSeries[],
  settings: LossChartSettings,
  cache: CappedSeriesCache = new CappedSeriesCache(),
): LossChartModel {
  const capped = cache.capAll(metrics, settings.maxBucketsPerSeries);
  const notes: string[] = [];
  const series: Record<string, unknown>[] = [];
  /** Envelope per metric id, for the tooltip's min–max. */
  const envelopes = new Map<string, Float64Array>();
  let xMax = 0;
  const legendData: { name: string; itemStyle: { color: string } }[] = [];
  metrics.forEach((metric, index) => {
    const smoothingOn = settings.smoothing > 0 && (metric.smooth ?? metric.axis !== 'right');
    const color = metric.color ?? SERIES_PALETTE[index % SERIES_PALETTE.length] ?? '#0072B2';
    const yAxisIndex = metric.axis === 'right' ? 1 : 0;
    const plotted = plotSeries(capped[index] ?? [], {
      x: settings.x,
      smoothing: smoothingOn ? settings.smoothing : 0,
      // β and friends live on the linear right axis; only the left axis switches to log.
      logY: settings.logY && yAxisIndex === 0,
      stepsPerEpoch: settings.stepsPerEpoch,
      wallTimeOrigin: metric.wallTimeOrigin,
    });
    notes.push(...notesFor(metric.name, plotted));
    const lastX = plotted.raw[plotted.raw.length - 2];
    if (lastX !== undefined && lastX > xMax) xMax = lastX;
    if (!legendData.some((entry) => entry.name === metric.name)) legendData.push({ name: metric.name, itemStyle: { color } });
    // `silent`: only the axis tooltip reads these series; per-element hover state would cost every update.
    const common = { name: metric.name, yAxisIndex, color, animation: false, silent: true };
    // A series of a few points (held-out metrics early in a run) needs its symbols, or one point is invisible.
    const fewPoints = plotted.raw.length / 2 <= FEW_POINTS;
    const line = { ...common, type: 'line', dimensions: ['x', 'y'], showSymbol: fewPoints, symbolSize: 5, sampling: 'lttb', emphasis: { disabled: true } };

    // Main line first: the legend takes its icon from the first series with a given name.
    series.push({
      ...line,
      id: metric.id + (smoothingOn ? SERIES_PART.smoothed : SERIES_PART.raw),
      data: smoothingOn ? plotted.smoothed : plotted.raw,
      lineStyle: { width: 2 },
      z: 3,
    });
    if (smoothingOn) {
      series.push({ ...line, id: metric.id + SERIES_PART.raw, data: plotted.raw, lineStyle: { width: 1, opacity: RAW_OPACITY }, z: 2 });
    }
    if (plotted.envelope && plotted.envelope.length > 0) {
      envelopes.set(metric.id, plotted.envelope);
      series.push({
        ...common,
        id: metric.id + SERIES_PART.envelope,
        type: 'custom',
        // One item spanning the band's extent (x from, x to, lowest min, highest max): the axes make
        // room for a spike, and ECharts calls renderItem and diffs elements once, not per bucket.
        dimensions: ['xFrom', 'xTo', 'min', 'max'],
        encode: { x: [0, 1], y: [2, 3] },
        data: [envelopeExtent(plotted.envelope)],
        renderItem: envelopeRenderer(plotted.envelope, color, settings.logY && yAxisIndex === 0),
        clip: true,
        tooltip: { show: false },
        z: 1,
      });
    }
  });

  const hasRightAxis = metrics.some((metric) => metric.axis === 'right');
  const formatX = settings.x === 'wallTime' ? formatDuration : formatAxisValue;
  const xName = settings.x === 'wallTime' ? `${X_AXIS_LABELS.wallTime} (from start)` : X_AXIS_LABELS[settings.x];

  const option: EChartsCoreOption = {
    animation: false,
    grid: { top: GRID.top, bottom: GRID.bottom, left: GRID.left, right: hasRightAxis ? GRID.rightWithAxis : GRID.right },
    // A short bar per entry reads as "a line of this colour" on light and dark backgrounds alike.
    legend: { type: 'scroll', top: 4, left: GRID.left, right: GRID.right, icon: 'roundRect', itemWidth: 16, itemHeight: 4, data: legendData },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line', snap: false },
      formatter: (params: unknown) => tooltipHtml(Array.isArray(params) ? params : [params], settings.x, formatX, envelopes),
    },
    xAxis: {
      type: 'value',
      name: xName,
      nameLocation: 'middle',
      nameGap: 28,
      // Training starts at step, epoch and second 0: a fixed origin keeps the axis still while data
      // streams in (and avoids a first tick like "49"); the end follows the data exactly.
      min: (extent: { min: number }) => Math.min(0, extent.min),
      max: 'dataMax',
      // Durations tick at 1 min, 5 min, 1 h… rather than at ECharts' decimal 100 s.
      ...(settings.x === 'wallTime' && xMax > 0 ? { interval: niceDurationInterval(xMax) } : {}),
      axisLabel: { formatter: (value: number) => formatX(value), hideOverlap: true },
    },
    yAxis: [
      {
        type: settings.logY ? 'log' : 'value',
        logBase: 10,
        scale: true,
        name: settings.leftAxisName + (settings.logY ? ' (log)' : ''),
        nameLocation: 'middle',
        nameGap: 52,
        axisLabel: { formatter: (value: number) => formatAxisValue(value) },
      },
      {
        type: 'value',
        show: hasRightAxis,
        position: 'right',
        min: 0,
        name: settings.rightAxisName,
        nameLocation: 'middle',
        nameGap: 44,
        splitLine: { show: false },
        axisLabel: { formatter: (value: number) => formatAxisValue(value) },
      },
    ],
    series,
  };
  return { option, notes };
}

function notesFor(name: string, plotted: PlottedSeries): string[] {
  const notes: string[] = [];
  const points = (count: number): string => `${count} point${count === 1 ? '' : 's'}`;
  if (plotted.hiddenNonPositive > 0) notes.push(`${name}: ${points(plotted.hiddenNonPositive)} ≤ 0 not shown on the log scale`);
  if (plotted.hiddenNonFinite > 0) notes.push(`${name}: ${points(plotted.hiddenNonFinite)} NaN or ∞ not drawn`);
  return notes;
}

/** One row per metric: smoothed value, then raw value and the bucket's min–max when there is one. */
function tooltipHtml(
  params: readonly TooltipParam[],
  x: XAxisKind,
  formatX: (value: number) => string,
  envelopes: ReadonlyMap<string, Float64Array>,
): string {
  interface Row {
    name: string;
    marker: string;
    main?: number;
    raw?: number;
    /** x of the point shown, to find its bucket's extremes. */
    at?: number;
  }
  const rows = new Map<string, Row>();
  let axisValue: number | undefined;
  for (const param of params) {
    const id = param.seriesId ?? '';
    const part = [SERIES_PART.smoothed, SERIES_PART.raw].find((suffix) => id.endsWith(suffix));
    if (!part) continue;
    const key = id.slice(0, -part.length);
    const row = rows.get(key) ?? { name: param.seriesName ?? key, marker: '' };
    const [at, value] = toNumbers(param.value);
    if (typeof param.axisValue === 'number') axisValue = param.axisValue;
    if (part === SERIES_PART.smoothed) Object.assign(row, { main: value, marker: String(param.marker ?? ''), at });
    else {
      row.raw = value;
      row.at ??= at;
      if (!row.marker) row.marker = String(param.marker ?? '');
    }
    rows.set(key, row);
  }
  const header = axisValue === undefined ? '' : `<div><b>${escapeHtml(X_AXIS_LABELS[x])} ${escapeHtml(formatX(axisValue))}</b></div>`;
  const lines = [...rows.entries()].map(([key, row]) => {
    const shown = row.main ?? row.raw;
    const details: string[] = [];
    if (row.main !== undefined && row.raw !== undefined) details.push(`raw ${formatMetricValue(row.raw)}`);
    const envelope = envelopes.get(key);
    const range = envelope && row.at !== undefined ? envelopeAt(envelope, row.at) : null;
    // A flat bucket (a schedule like β) has no range worth showing.
    if (range && range[0] !== range[1]) details.push(`range ${formatMetricValue(range[0])} – ${formatMetricValue(range[1])}`);
    const value = shown === undefined ? '–' : formatMetricValue(shown);
    const extra = details.length ? ` <span style="opacity:0.7">(${details.join(', ')})</span>` : '';
    return `<div>${row.marker}${escapeHtml(row.name)}: <b>${value}</b>${extra}</div>`;
  });
  return header + lines.join('');
}

/** A tooltip value as numbers: ECharts hands typed-array rows over as arrays or array-likes. */
function toNumbers(value: unknown): (number | undefined)[] {
  if (value && typeof value === 'object' && 'length' in value) return Array.from(value as ArrayLike<number>);
  return [];
}
