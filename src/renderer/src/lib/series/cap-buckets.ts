/**
 * Keeps a series at most `maxBuckets` long by merging runs of consecutive buckets, the way the
 * host's store downsamples: extremes over the run, last value and time of its last bucket. The
 * renderer needs this too because live points keep arriving after the downsampled history, and a
 * chart redrawn ten times a second must not grow with the run.
 *
 * Runs are 2^k buckets long and aligned to the series' start, so appending only ever changes the
 * last merged bucket; the rest of the curve stays put until the series doubles in length.
 */
import type { SeriesBucket } from '../../../../shared/metric-series';

/**
 * About one bucket per pixel column of a full-width chart (the merge leaves 500–1,000). Every point
 * drawn costs every redraw, ten a second while a run trains, and points beyond one per pixel show
 * nothing: the merged extremes keep spikes in the envelope. (Measured: 2,000 cost ~40% more per frame.)
 */
export const DEFAULT_MAX_BUCKETS = 1000;

/** The run length used for `length` buckets: the smallest power of two that fits them in `maxBuckets`. */
export function mergeFactor(length: number, maxBuckets: number): number {
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1) {
    throw new RangeError(`maxBuckets must be a positive integer, got ${maxBuckets}`);
  }
  let factor = 1;
  while (Math.ceil(length / factor) > maxBuckets) factor *= 2;
  return factor;
}

export function capBuckets(buckets: readonly SeriesBucket[], maxBuckets: number = DEFAULT_MAX_BUCKETS): readonly SeriesBucket[] {
  const factor = mergeFactor(buckets.length, maxBuckets);
  if (factor === 1) return buckets;
  const merged: SeriesBucket[] = [];
  for (let start = 0; start < buckets.length; start += factor) merged.push(mergeRun(buckets, start, Math.min(start + factor, buckets.length)));
  return merged;
}

/** Buckets [start, end) as one: extremes and NaNs over the run; epoch, time and value of its last bucket. */
export function mergeRun(buckets: readonly SeriesBucket[], start: number, end: number): SeriesBucket {
  const first = buckets[start] as SeriesBucket;
  const last = buckets[end - 1] as SeriesBucket;
  // Extremes over finite values only: one NaN bucket (a diverged step) must not erase the band.
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  let nanCount = 0;
  for (let i = start; i < end; i++) {
    const bucket = buckets[i] as SeriesBucket;
    if (bucket.min < min) min = bucket.min;
    if (bucket.max > max) max = bucket.max;
    count += bucket.count;
    nanCount += bucket.nanCount;
  }
  return {
    step: first.step,
    stepEnd: last.stepEnd,
    epoch: last.epoch,
    wallTime: last.wallTime,
    min: min === Infinity ? Number.NaN : min,
    max: max === -Infinity ? Number.NaN : max,
    last: last.last,
    count,
    nanCount,
  };
}
