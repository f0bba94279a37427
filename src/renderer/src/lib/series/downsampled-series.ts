/**
 * A metric's history as the host hands it to the renderer (SeriesBucket, src/shared/metric-series):
 * the store groups consecutive steps into at most ~2,000 buckets per series and keeps, per bucket,
 * the extremes and the last value. The extremes let a chart draw a min/max envelope, so a one-step
 * spike survives downsampling even when neither the last value nor the smoothed line shows it.
 */
import type { SeriesBucket } from '../../../../shared/metric-series';

/** What the x axis measures. */
export type XAxisKind = 'step' | 'epoch' | 'wallTime';

export const X_AXIS_LABELS: Record<XAxisKind, string> = {
  step: 'Step',
  epoch: 'Epoch',
  wallTime: 'Wall time',
};

/**
 * Throws a RangeError naming the series and the bucket when the host sent something a chart would
 * draw wrongly (out of order, inverted extremes, an empty bucket) rather than plotting nonsense.
 * Buckets before `from` are taken as already validated.
 * Non-finite values are allowed: a diverged run has them and the chart must show where it broke.
 */
export function validateBuckets(seriesName: string, buckets: readonly SeriesBucket[], from = 0): void {
  // A plain loop that builds a message only on failure. `from` skips a prefix already checked: a
  // live series grows by a few buckets per update and only those need a look.
  let previousEnd = from > 0 ? (buckets[from - 1]?.stepEnd ?? -Infinity) : -Infinity;
  for (let index = from; index < buckets.length; index++) {
    const bucket = buckets[index] as SeriesBucket;
    let problem: string | null = null;
    if (!Number.isInteger(bucket.count) || bucket.count < 1) problem = `count must be a positive integer, got ${bucket.count}`;
    else if (!(bucket.stepEnd >= bucket.step)) problem = `stepEnd ${bucket.stepEnd} is before step ${bucket.step}`;
    else if (bucket.step <= previousEnd) problem = `step ${bucket.step} does not follow the previous bucket's end ${previousEnd}`;
    else if (bucket.min > bucket.max) problem = `min ${bucket.min} is above max ${bucket.max}`;
    if (problem) throw new RangeError(`series "${seriesName}", bucket ${index}: ${problem}`);
    previousEnd = bucket.stepEnd;
  }
}

/** True when at least one bucket stands for several points, i.e. an envelope has something to show. */
export function hasEnvelope(buckets: readonly SeriesBucket[]): boolean {
  return buckets.some((bucket) => bucket.count > 1);
}
