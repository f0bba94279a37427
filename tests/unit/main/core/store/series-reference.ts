/** Brute-force downsampling in plain JavaScript: what getSeries must equal, bucket for bucket. */
import type { MetricPoint, SeriesBucket } from '../../../../../src/shared/runs';

/** Points (any order, distinct steps) in [fromStep, toStep], grouped by floor(step / width). */
export function referenceBuckets(points: readonly MetricPoint[], width: number, fromStep = 0, toStep = Number.MAX_SAFE_INTEGER): SeriesBucket[] {
  const inRange = points.filter((point) => point.step >= fromStep && point.step <= toStep).sort((a, b) => a.step - b.step);
  const buckets: SeriesBucket[] = [];
  let current: SeriesBucket | undefined;
  let currentIndex = -1;
  for (const point of inRange) {
    const index = Math.floor(point.step / width);
    if (current === undefined || index !== currentIndex) {
      current = { step: point.step, stepEnd: point.step, epoch: point.epoch, wallTime: point.wallTime, min: Number.NaN, max: Number.NaN, last: point.value, count: 0, nanCount: 0 };
      currentIndex = index;
      buckets.push(current);
    }
    // Epoch, wall time and value are the last point's, as are stepEnd's.
    current.stepEnd = point.step;
    current.epoch = point.epoch;
    current.wallTime = point.wallTime;
    current.last = point.value;
    current.count += 1;
    if (Number.isNaN(point.value)) {
      current.nanCount += 1;
    } else {
      current.min = Number.isNaN(current.min) ? point.value : Math.min(current.min, point.value);
      current.max = Number.isNaN(current.max) ? point.value : Math.max(current.max, point.value);
    }
  }
  return buckets;
}
