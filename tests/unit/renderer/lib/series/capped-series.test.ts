import { describe, expect, it } from 'vitest';
import { capBuckets } from '../../../../../src/renderer/src/lib/series/cap-buckets';
import { CappedSeries, CappedSeriesCache } from '../../../../../src/renderer/src/lib/series/capped-series';
import { validateBuckets } from '../../../../../src/renderer/src/lib/series/downsampled-series';
import type { SeriesBucket } from '../../../../../src/shared/metric-series';

function point(step: number, value: number): SeriesBucket {
  return { step, stepEnd: step, epoch: Math.floor(step / 10), wallTime: 100_000 + step, min: value - 1, max: value + 1, last: value, count: 1, nanCount: 0 };
}

/** A live series: every update is a new array holding the previous buckets (the same objects) plus some new ones. */
function grow(series: readonly SeriesBucket[], count: number): SeriesBucket[] {
  const from = series.length;
  return [...series, ...Array.from({ length: count }, (_, i) => point(from + i, Math.sin(from + i) * 10))];
}

describe('CappedSeries', () => {
  it('gives what capBuckets gives for the whole array, update after update, through every change of merge factor', () => {
    const capped = new CappedSeries(16);
    let series: SeriesBucket[] = [];
    for (let update = 0; update < 120; update++) {
      series = grow(series, 1 + (update % 4));
      expect(capped.update('loss', series)).toEqual(capBuckets(series, 16));
    }
    expect(series.length).toBeGreaterThan(16 * 16);
  });

  it('validates only the appended buckets of a grown series, and names the bad one', () => {
    const capped = new CappedSeries(8);
    const series = grow([], 50);
    capped.update('loss', series);
    const bad = [...series, point(10, 1)];
    expect(() => capped.update('loss', bad)).toThrow(/series "loss", bucket 50: step 10 does not follow the previous bucket's end 49/);
    // After a failure it starts from scratch: the same good array works again.
    expect(capped.update('loss', series)).toEqual(capBuckets(series, 8));
  });

  it('starts over when the array is not a continuation (a refetch brings new objects)', () => {
    const capped = new CappedSeries(8);
    const first = grow([], 40);
    capped.update('kl', first);
    const refetched = first.map((bucket) => ({ ...bucket, last: bucket.last + 1 }));
    expect(capped.update('kl', refetched)).toEqual(capBuckets(refetched, 8));
    // A shorter array (a resume rewrote steps) too.
    expect(capped.update('kl', first.slice(0, 10))).toEqual(capBuckets(first.slice(0, 10), 8));
  });

  it('returns the very same array while nothing changed, and the input itself while it fits', () => {
    const capped = new CappedSeries(100);
    const series = grow([], 30);
    const once = capped.update('beta', series);
    expect(once).toBe(series);
    expect(capped.update('beta', series)).toBe(once);
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => new CappedSeries(0)).toThrow(/maxBuckets must be a positive integer, got 0/);
  });
});

describe('CappedSeriesCache', () => {
  it('keeps one CappedSeries per id, forgets ids that left the chart, and starts over when the cap changes', () => {
    const cache = new CappedSeriesCache();
    const a = grow([], 40);
    const b = grow([], 20);
    const entry = (id: string, buckets: SeriesBucket[]) => ({ id, name: id, buckets });
    expect(cache.capAll([entry('a', a), entry('b', b)], 8)).toEqual([capBuckets(a, 8), capBuckets(b, 8)]);
    const a2 = grow(a, 3);
    expect(cache.capAll([entry('a', a2)], 8)).toEqual([capBuckets(a2, 8)]);
    expect(cache.capAll([entry('a', a2)], 32)).toEqual([capBuckets(a2, 32)]);
  });
});

describe('validateBuckets from an index', () => {
  it('checks from `from` on, against the bucket before it', () => {
    const series = [point(0, 1), point(1, 2), point(1, 3)];
    expect(() => validateBuckets('loss', series, 2)).toThrow(/bucket 2: step 1 does not follow the previous bucket's end 1/);
    // The prefix is taken as checked: a bad bucket before `from` is not looked at again.
    expect(() => validateBuckets('loss', [point(5, 1), point(2, 1), point(3, 1)], 2)).not.toThrow();
  });
});
