/**
 * The linked views' selected epoch on the loss curves: a dashed vertical line at that epoch's end,
 * and the way back from a click on a curve to an epoch. Pure.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { XAxisKind } from '../lib/series/downsampled-series';

export const EPOCH_MARKER_ID = 'linked-epoch-marker';

/** Where an epoch's end sits on the x axis: its last step, or the epoch itself; null on a time axis. */
export function epochMarkerX(epoch: number | null, x: XAxisKind, stepsPerEpoch: number | undefined): number | null {
  if (epoch === null) return null;
  if (x === 'epoch') return epoch;
  if (x === 'step' && stepsPerEpoch) return epoch * stepsPerEpoch;
  return null;
}

/** The epoch a click at x chose (the nearest epoch's end), or null on a time axis. */
export function epochAtX(value: number, x: XAxisKind, stepsPerEpoch: number | undefined): number | null {
  if (x === 'epoch') return Math.max(1, Math.round(value));
  if (x === 'step' && stepsPerEpoch) return Math.max(1, Math.round(value / stepsPerEpoch));
  return null;
}

export function withEpochMarker(option: EChartsCoreOption, markerX: number | null, epoch: number | null): EChartsCoreOption {
  if (markerX === null) return option;
  const series = Array.isArray(option['series']) ? (option['series'] as unknown[]) : [];
  const marker = {
    id: EPOCH_MARKER_ID,
    type: 'line',
    data: [],
    silent: true,
    tooltip: { show: false },
    markLine: {
      symbol: 'none',
      silent: true,
      animation: false,
      label: { formatter: `epoch ${epoch}`, position: 'end' },
      lineStyle: { type: 'dashed', color: '#d97706', width: 1.5 },
      data: [{ xAxis: markerX }],
    },
  };
  return { ...option, series: [...series, marker] };
}
