/**
 * The Run view's two charts as the loss chart takes them: the dashboard's series (host history plus
 * live points) under legend names short enough for a chart that already says what it shows. Pure.
 *
 * The buckets go to the chart as they are, never copied: the chart's CappedSeries recognises a
 * series that grew by its earlier bucket objects and then merges only what was appended.
 */
import { EVAL_KEYS, TRAIN_KEYS } from '../../../../shared/metric-keys';
import type { MetricSeries } from '../../charts/loss-chart-option';
import type { SeriesByKey } from '../../lib/live-series';

/** What every panel of the Run view's curves takes. */
export interface RunCurvesPanelProps {
  series: SeriesByKey;
  runName: string;
  stepsPerEpoch: number | null;
  /** The linked views' selected epoch, marked on the curves; a click on a curve picks an epoch. */
  markerEpoch?: number | null;
  onPickEpoch?: (epoch: number) => void;
}

/** Loss, reconstruction, KL (the VQ loss for a VQ-VAE) and β on the right axis. */
export function trainingCurves(series: SeriesByKey, isVq: boolean): MetricSeries[] {
  return [
    ...curve(series, TRAIN_KEYS.loss, 'Loss'),
    ...curve(series, TRAIN_KEYS.recon, 'Reconstruction'),
    ...(isVq ? curve(series, TRAIN_KEYS.vqLoss, 'VQ loss') : curve(series, TRAIN_KEYS.kl, 'KL')),
    ...(isVq ? [] : curve(series, TRAIN_KEYS.beta, 'β', 'right')),
  ];
}

/** The per-epoch held-out numbers, active units on the right axis. */
export function heldOutCurves(series: SeriesByKey): MetricSeries[] {
  return [
    ...curve(series, EVAL_KEYS.recon, 'Reconstruction'),
    ...curve(series, EVAL_KEYS.kl, 'KL'),
    ...curve(series, EVAL_KEYS.nll, 'NLL ≤ (IWAE bound)'),
    ...curve(series, EVAL_KEYS.activeUnits, 'Active units', 'right'),
  ];
}

/** The metric under `key` as one chart series, or none before its first point. */
function curve(series: SeriesByKey, key: string, name: string, axis: 'left' | 'right' = 'left'): MetricSeries[] {
  const buckets = series[key];
  return buckets && buckets.length > 0 ? [{ id: key, name, buckets, axis }] : [];
}
