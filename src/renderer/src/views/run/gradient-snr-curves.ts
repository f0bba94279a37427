/**
 * The gradient SNR run metric (diagnostics.gradientSnrEvery) as the loss chart takes it: one series
 * per parameter group, the whole encoder first, and the chart's title naming what was measured. Pure.
 */
import { TRAIN_KEYS } from '../../../../shared/metric-keys';
import type { MetricSeries } from '../../charts/loss-chart-option';
import type { SeriesByKey } from '../../lib/live-series';

const GROUPS: readonly [key: string, name: string][] = [
  [TRAIN_KEYS.gradientSnr, 'Encoder'],
  [TRAIN_KEYS.gradientSnrBody, 'Body'],
  [TRAIN_KEYS.gradientSnrHeadMu, 'Head μ'],
  [TRAIN_KEYS.gradientSnrHeadLogVar, 'Head log σ²'],
];

/** The groups that have points; none for a run that did not measure it. */
export function gradientSnrCurves(series: SeriesByKey): MetricSeries[] {
  return GROUPS.flatMap(([key, name]) => {
    const buckets = series[key];
    return buckets && buckets.length > 0 ? [{ id: key, name, buckets, axis: 'left' as const }] : [];
  });
}

/** What the chart shows, in the metric's own words: estimator, data, L and R. */
export function gradientSnrTitle(estimates: number): string {
  return `Gradient SNR |mean| / sd, encoder, training batch, L = 1 sample, R = ${estimates} estimates`;
}
