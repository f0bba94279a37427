/**
 * capBuckets for a series that keeps growing: a live chart is handed the whole history plus one new
 * bucket ten times a second, and validating and merging 100k buckets per series on every update is
 * most of a frame. When the new array begins with the previous one (the same bucket objects: arrays
 * are replaced, never edited, and buckets are immutable) only the appended buckets are validated
 * and only the last merged bucket is rebuilt. Anything else (a refetch, another run) starts over.
 * The answer is always what validateBuckets + capBuckets would give for the whole array.
 */
import { mergeFactor, mergeRun } from './cap-buckets';
import type { SeriesBucket } from '../../../../shared/metric-series';
import { validateBuckets } from './downsampled-series';

export class CappedSeries {
  private source: readonly SeriesBucket[] = [];
  private sourceLength = 0;
  private first: SeriesBucket | undefined;
  private last: SeriesBucket | undefined;
  private factor = 1;
  private capped: readonly SeriesBucket[] = [];

  constructor(readonly maxBuckets: number) {
    mergeFactor(0, maxBuckets);
  }

  /** The capped series for `buckets`; throws validateBuckets' RangeError for bad input. */
  update(seriesName: string, buckets: readonly SeriesBucket[]): readonly SeriesBucket[] {
    if (buckets === this.source && buckets.length === this.sourceLength) return this.capped;
    const previousLength = this.sourceLength;
    const grew = previousLength > 0 && buckets.length >= previousLength && buckets[0] === this.first && buckets[previousLength - 1] === this.last;
    // Forget the old state first: if validation throws, the next call starts from scratch.
    this.sourceLength = 0;
    validateBuckets(seriesName, buckets, grew ? previousLength : 0);
    const factor = mergeFactor(buckets.length, this.maxBuckets);
    if (factor === 1) this.capped = buckets;
    else if (grew && factor === this.factor) this.capped = this.appendRuns(buckets, previousLength);
    else this.capped = this.mergeFrom(buckets, factor, [], 0);
    this.factor = factor;
    this.source = buckets;
    this.sourceLength = buckets.length;
    this.first = buckets[0];
    this.last = buckets[buckets.length - 1];
    return this.capped;
  }

  /** Same factor, longer source: merged buckets before the one holding the old end are final. */
  private appendRuns(buckets: readonly SeriesBucket[], previousLength: number): SeriesBucket[] {
    const keep = Math.floor((previousLength - 1) / this.factor);
    return this.mergeFrom(buckets, this.factor, this.capped, keep);
  }

  private mergeFrom(buckets: readonly SeriesBucket[], factor: number, previous: readonly SeriesBucket[], keep: number): SeriesBucket[] {
    const merged = previous.slice(0, keep);
    for (let start = keep * factor; start < buckets.length; start += factor) {
      merged.push(mergeRun(buckets, start, Math.min(start + factor, buckets.length)));
    }
    return merged;
  }
}

/** One CappedSeries per series id, for a chart whose series come and go (Compare adds runs). */
export class CappedSeriesCache {
  private readonly entries = new Map<string, CappedSeries>();

  /** Caps every series of one redraw; ids not in `series` are forgotten. */
  capAll<Entry extends { id: string; name: string; buckets: readonly SeriesBucket[] }>(series: readonly Entry[], maxBuckets: number): (readonly SeriesBucket[])[] {
    const seen = new Set<string>();
    const result = series.map((entry) => {
      seen.add(entry.id);
      let capped = this.entries.get(entry.id);
      if (!capped || capped.maxBuckets !== maxBuckets) {
        capped = new CappedSeries(maxBuckets);
        this.entries.set(entry.id, capped);
      }
      return capped.update(entry.name, entry.buckets);
    });
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
    return result;
  }
}
