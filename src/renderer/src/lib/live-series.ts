/**
 * A run's metric history as the dashboard holds it: the host's downsampled buckets, extended in place
 * by the live points that `onMetrics` delivers (each one a bucket of one). Pure, so it is unit-tested.
 * Charts draw these very buckets: a grown series keeps its earlier bucket objects, which is how a
 * live chart's CappedSeries tells an append from a new series and merges only what was appended.
 *
 * Buckets stay strictly increasing in step. A live point at or before the last bucket's step means the
 * run went back (a resume from a checkpoint rewrote those steps): the caller should refetch.
 */
import type { MetricPoint, Series, SeriesBucket } from '../../../shared/metric-series';
import type { EpochEvaluation } from '../../../shared/training-report';

export type SeriesByKey = Readonly<Record<string, readonly SeriesBucket[]>>;

/** Past this many buckets in one series the dashboard asks the host to downsample again. */
export const REFETCH_BUCKET_LIMIT = 4000;

export function seriesByKey(series: readonly Series[]): Record<string, SeriesBucket[]> {
  const result: Record<string, SeriesBucket[]> = {};
  for (const entry of series) result[entry.key] = entry.points;
  return result;
}

export interface MergeResult {
  series: Record<string, SeriesBucket[]>;
  /** Keys that received at least one point (the others are the same arrays as before). */
  changed: string[];
  /** True when a point went back in steps or a series grew past REFETCH_BUCKET_LIMIT. */
  needsRefetch: boolean;
}

/**
 * Appends `points` whose key is in `keys` to copies of the affected series (the inputs are never
 * mutated: the dashboard keeps them in `$state.raw` and replaces them). `initial` is for the points
 * that arrived while the history was loading: those overlap the history and are dropped silently.
 */
export function mergeLivePoints(
  current: SeriesByKey,
  points: readonly MetricPoint[],
  keys: ReadonlySet<string>,
  options: { initial?: boolean } = {},
): MergeResult {
  const grown = new Map<string, SeriesBucket[]>();
  let needsRefetch = false;
  for (const point of points) {
    if (!keys.has(point.key)) continue;
    let buckets = grown.get(point.key);
    if (!buckets) {
      buckets = [...(current[point.key] ?? [])];
      grown.set(point.key, buckets);
    }
    const last = buckets[buckets.length - 1];
    if (last && point.step <= last.stepEnd) {
      if (!options.initial) needsRefetch = true;
      continue;
    }
    buckets.push(pointBucket(point));
  }
  const series: Record<string, SeriesBucket[]> = {};
  for (const [key, buckets] of Object.entries(current)) series[key] = buckets as SeriesBucket[];
  for (const [key, buckets] of grown) {
    series[key] = buckets;
    if (buckets.length > REFETCH_BUCKET_LIMIT) needsRefetch = true;
  }
  return { series, changed: [...grown.keys()], needsRefetch };
}

function pointBucket(point: MetricPoint): SeriesBucket {
  const { step, epoch, wallTime, value } = point;
  const notANumber = Number.isNaN(value);
  return { step, stepEnd: step, epoch, wallTime, min: value, max: value, last: value, count: 1, nanCount: notANumber ? 1 : 0 };
}

/** The last finite value of a series, e.g. for a headline number. */
export function lastFinite(buckets: readonly SeriesBucket[] | undefined): number | null {
  if (!buckets) return null;
  for (let index = buckets.length - 1; index >= 0; index--) {
    const value = (buckets[index] as SeriesBucket).last;
    if (Number.isFinite(value)) return value;
  }
  return null;
}

/** Evaluations by epoch, the later list winning for an epoch both hold, ascending. */
export function mergeEvaluations(stored: readonly EpochEvaluation[], live: readonly EpochEvaluation[]): EpochEvaluation[] {
  const byEpoch = new Map<number, EpochEvaluation>();
  for (const evaluation of [...stored, ...live]) byEpoch.set(evaluation.epoch, evaluation);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Distinct epochs, ascending. */
export function mergeEpochs(...lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}
