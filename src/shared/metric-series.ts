/**
 * A metric as it travels from the store to a chart: single points as the host writes them, and the
 * buckets a series is read back in (downsampled by the store, one point per bucket when not).
 *
 * Wall time is milliseconds since the Unix epoch everywhere, from the worker's clock to the chart's
 * data; only a chart's axis and a CSV column turn it into seconds, where they show it.
 */

/**
 * One logged scalar. `value` may be NaN or ±Infinity (a diverging run): the store keeps them exactly.
 * `step` is the optimizer step, a non-negative integer, unique per key (a later write of the same
 * step replaces the earlier one, as when a run resumes from a checkpoint).
 */
export interface MetricPoint {
  key: string;
  step: number;
  epoch: number;
  /** Milliseconds since the Unix epoch, by the worker's clock when it read the value back. */
  wallTime: number;
  value: number;
}

/**
 * A run of consecutive points of one series collapsed into one. `step` is its first point's step;
 * `stepEnd`, `epoch`, `wallTime` and `last` belong to its last point, which is where a chart draws
 * the bucket on any x axis. `min` and `max` skip NaN (they are NaN only when every value in the
 * bucket is NaN), so a single-point spike survives downsampling; `nanCount` says how many NaNs the
 * bucket held. Buckets are never edited once made: a live chart recognises a growing series by them.
 */
export interface SeriesBucket {
  /** First optimizer step in the bucket (steps count from 0). */
  step: number;
  /** Last optimizer step in the bucket; equals `step` for a single point. */
  stepEnd: number;
  /** Epoch of the bucket's last point. */
  epoch: number;
  /** Milliseconds since the Unix epoch of the bucket's last point. */
  wallTime: number;
  min: number;
  max: number;
  /** The value at `stepEnd`: what an undownsampled chart would show at that step. */
  last: number;
  /** Points the bucket summarises (≥ 1). */
  count: number;
  nanCount: number;
}

export interface SeriesQuery {
  /** The most buckets to return, 2..100000; defaults to 2000. */
  buckets?: number;
  /** Inclusive step range; defaults to the whole series. */
  fromStep?: number;
  toStep?: number;
}

export interface Series {
  key: string;
  points: SeriesBucket[];
  /** Points in the requested step range. */
  totalPoints: number;
  /** True when buckets hold more than one point. */
  downsampled: boolean;
  /** Steps per bucket; bucket i covers steps [k·w, (k+1)·w) for some integer k. 1 when not downsampled. */
  bucketWidth: number;
}
