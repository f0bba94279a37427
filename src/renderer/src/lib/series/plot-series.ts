/**
 * Turns a downsampled series into the flat typed arrays an ECharts series draws: the raw line (each
 * bucket's last value), the TensorBoard-smoothed line and, when buckets summarise several points,
 * a min/max envelope. Also decides what a log y axis cannot show and says so.
 *
 * Typed arrays rather than [x, y] pairs: ECharts deep-clones array-of-array data on every setOption
 * and parses it point by point, while a Float64Array is copied in one go and read by stride. At
 * 10 series × 2,000 buckets updated ten times a second that difference is most of the frame budget.
 */
import type { SeriesBucket } from '../../../../shared/metric-series';
import type { XAxisKind } from './downsampled-series';
import { hasEnvelope } from './downsampled-series';
import { smoothTensorBoard } from './smoothing';

export interface PlotSettings {
  x: XAxisKind;
  /** TensorBoard smoothing weight in [0, 1). */
  smoothing: number;
  logY: boolean;
  /** Optimizer steps per epoch; with it the epoch axis is fractional (steps done / steps per epoch). */
  stepsPerEpoch?: number;
  /** Unix milliseconds that wall time counts from; defaults to the series' first bucket (its run's start). */
  wallTimeOrigin?: number;
}

export interface PlottedSeries {
  /** x0, y0, x1, y1, …: each bucket's last value. */
  raw: Float64Array;
  /** x0, y0, x1, y1, …: the smoothed last values. */
  smoothed: Float64Array;
  /** x0, min0, max0, x1, min1, max1, …: the band between each bucket's extremes; null if no bucket has count > 1. */
  envelope: Float64Array | null;
  /** Points left out because a log axis cannot show values ≤ 0. */
  hiddenNonPositive: number;
  /** Points left out because they are NaN or ±Infinity (a diverged run). */
  hiddenNonFinite: number;
}

/** Values per point in the flat arrays. */
export const XY_STRIDE = 2;
export const ENVELOPE_STRIDE = 3;

/** The x coordinate of a bucket: where its last point lies on the chosen axis (wall time in seconds since the origin). */
export function bucketX(bucket: SeriesBucket, settings: PlotSettings, origin: number): number {
  switch (settings.x) {
    case 'step':
      return bucket.stepEnd;
    case 'epoch':
      // Steps count from 0, so after step s the run has done s + 1 steps.
      return settings.stepsPerEpoch ? (bucket.stepEnd + 1) / settings.stepsPerEpoch : bucket.epoch;
    case 'wallTime':
      // Buckets keep milliseconds; the axis shows durations, which read in seconds.
      return (bucket.wallTime - origin) / 1000;
  }
}

export function plotSeries(buckets: readonly SeriesBucket[], settings: PlotSettings): PlottedSeries {
  if (settings.stepsPerEpoch !== undefined && !(settings.stepsPerEpoch > 0)) {
    throw new RangeError(`stepsPerEpoch must be positive, got ${settings.stepsPerEpoch}`);
  }
  const origin = settings.wallTimeOrigin ?? buckets[0]?.wallTime ?? 0;
  const smoothedValues = smoothTensorBoard(
    buckets.map((bucket) => bucket.last),
    settings.smoothing,
  );
  const visible = (y: number): boolean => Number.isFinite(y) && (!settings.logY || y > 0);

  const xs = new Float64Array(buckets.length);
  const raw = new Float64Array(buckets.length * XY_STRIDE);
  const smoothed = new Float64Array(buckets.length * XY_STRIDE);
  let rawLength = 0;
  let smoothedLength = 0;
  let hiddenNonPositive = 0;
  let hiddenNonFinite = 0;
  let smallestShown = Infinity;
  buckets.forEach((bucket, index) => {
    const x = bucketX(bucket, settings, origin);
    xs[index] = x;
    const y = bucket.last;
    if (visible(y)) {
      raw[rawLength++] = x;
      raw[rawLength++] = y;
      if (y < smallestShown) smallestShown = y;
    } else if (Number.isFinite(y)) hiddenNonPositive++;
    else hiddenNonFinite++;
    const s = smoothedValues[index] as number;
    if (visible(s)) {
      smoothed[smoothedLength++] = x;
      smoothed[smoothedLength++] = s;
    }
  });

  return {
    raw: raw.subarray(0, rawLength),
    smoothed: smoothed.subarray(0, smoothedLength),
    envelope: hasEnvelope(buckets) ? envelopeOf(buckets, xs, settings.logY, smallestShown) : null,
    hiddenNonPositive,
    hiddenNonFinite,
  };
}

function envelopeOf(buckets: readonly SeriesBucket[], xs: Float64Array, logY: boolean, smallestShown: number): Float64Array {
  // On a log axis a band reaching down to ≤ 0 is clamped at the smallest positive value on show, so
  // it still spans what it can instead of vanishing.
  let floor = smallestShown;
  if (logY) for (const bucket of buckets) if (bucket.min > 0 && bucket.min < floor) floor = bucket.min;
  const envelope = new Float64Array(buckets.length * ENVELOPE_STRIDE);
  let length = 0;
  buckets.forEach((bucket, index) => {
    if (!Number.isFinite(bucket.min) || !Number.isFinite(bucket.max)) return;
    if (logY && bucket.max <= 0) return;
    envelope[length++] = xs[index] as number;
    envelope[length++] = logY ? Math.max(bucket.min, floor) : bucket.min;
    envelope[length++] = bucket.max;
  });
  return envelope.subarray(0, length);
}

/** The flat array as [x, y] (or [x, min, max]) tuples: for tests and tooltips, not for drawing. */
export function toTuples(flat: Float64Array, stride: number): number[][] {
  const tuples: number[][] = [];
  for (let i = 0; i + stride <= flat.length; i += stride) tuples.push(Array.from(flat.subarray(i, i + stride)));
  return tuples;
}
