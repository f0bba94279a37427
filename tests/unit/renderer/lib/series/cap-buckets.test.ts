import { describe, expect, it } from 'vitest';
import { capBuckets, mergeFactor } from '../../../../../src/renderer/src/lib/series/cap-buckets';
import type { SeriesBucket } from '../../../../../src/shared/metric-series';

function point(step: number, value: number): SeriesBucket {
  return { step, stepEnd: step, epoch: Math.floor(step / 10), wallTime: 100_000 + step, min: value, max: value, last: value, count: 1, nanCount: Number.isNaN(value) ? 1 : 0 };
}

describe('capBuckets', () => {
  it('leaves short series alone', () => {
    const series = [point(0, 1), point(1, 2)];
    expect(capBuckets(series, 2)).toBe(series);
  });

  it('merges runs of 2^k buckets keeping extremes, last value, time and counts', () => {
    const series = [3, 1, 4, 1, 5, 9, 2].map((value, step) => point(step, value));
    expect(mergeFactor(series.length, 3)).toBe(4);
    expect(capBuckets(series, 3)).toEqual([
      { step: 0, stepEnd: 3, epoch: 0, wallTime: 100_003, min: 1, max: 4, last: 1, count: 4, nanCount: 0 },
      { step: 4, stepEnd: 6, epoch: 0, wallTime: 100_006, min: 2, max: 9, last: 2, count: 3, nanCount: 0 },
    ]);
  });

  it('keeps earlier merged buckets unchanged as points are appended', () => {
    const series = Array.from({ length: 100 }, (_, step) => point(step, Math.sin(step)));
    const before = capBuckets(series, 30);
    const after = capBuckets([...series, point(100, 5), point(101, -5)], 30);
    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
  });

  it('ignores NaN extremes inside a run but keeps a NaN last value', () => {
    const merged = capBuckets([point(0, 1), point(1, Number.NaN), point(2, 3), point(3, Number.NaN)], 1);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ min: 1, max: 3, count: 4, nanCount: 2 });
    expect(merged[0]?.last).toBeNaN();
    expect(() => capBuckets([], 0)).toThrow(/maxBuckets must be a positive integer, got 0/);
  });
});
