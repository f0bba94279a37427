/** appendMetrics: exact round trips (NaN, ±Inf), one transaction per batch, replacement of existing steps. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../../../src/shared/runs';
import { Random } from '../../../../../../src/worker/random';
import { referenceBuckets } from '../series-reference';
import { defined, freshStore, sampleRun, series } from '../store-fixtures';

function withSpecialValues(points: MetricPoint[], random: Random): MetricPoint[] {
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1e308, 1e-300, Number.MIN_VALUE];
  return points.map((point) => (random.next() < 0.02 ? { ...point, value: specials[random.int(specials.length)] as number } : point));
}

describe('appendMetrics', () => {
  it('stores 100,000 points and reads every one back exactly, NaN and ±Infinity included', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const random = new Random(11);
    const points = withSpecialValues(series('train/loss', 100_000, { seed: 3 }), random).map((point, index) => ({
      ...point,
      epoch: index / 469, // fractional epochs survive too
      wallTime: 1_700_000_000_000 + index * 12.5,
    }));
    for (let start = 0; start < points.length; start += 5000) {
      expect(store.appendMetrics(run.id, points.slice(start, start + 5000))).toEqual({ points: 5000, keys: 1 });
    }
    expect(points.filter((point) => Number.isNaN(point.value)).length).toBeGreaterThan(100);
    expect(points.some((point) => point.value === Number.NEGATIVE_INFINITY)).toBe(true);

    const read = store.getSeries(run.id, 'train/loss', { buckets: 100_000 });
    expect(read.downsampled).toBe(false);
    expect(read.totalPoints).toBe(100_000);
    expect(read.points.map(({ step, epoch, wallTime, last }) => ({ key: 'train/loss', step, epoch, wallTime, value: last }))).toEqual(points);
    expect(store.exportRunJson(run.id).metrics['train/loss']?.step).toHaveLength(100_000);
  });

  it('writes a batch of several keys whole, or on a failure part-way, not at all', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    store.appendMetrics(run.id, series('a', 10));
    // Make the database itself fail in the middle of the next batch.
    const saboteur = new Database(store.path);
    saboteur.exec(`CREATE TRIGGER fail_at_777 BEFORE INSERT ON metric_points WHEN new.step = 777 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    saboteur.close();
    const batch = [...series('a', 100, { start: 10 }), ...series('b', 100, { start: 700 })];
    expect(() => store.appendMetrics(run.id, batch)).toThrow(/disk on fire/);
    expect(store.listMetricKeys(run.id)).toEqual(['a']);
    const a = store.getSeries(run.id, 'a');
    expect(a.totalPoints).toBe(10);
    expect(store.compareRuns([run.id]).metrics[0]?.runs[0]?.lastStep).toBe(9);
    expect(store.integrityCheck()).toEqual(['ok']);
  });

  it('checks every point before writing and names the first bad one', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const good = series('loss', 3);
    const first = defined(good[0]);
    expect(() => store.appendMetrics(run.id, [...good, { ...first, step: 1.5 }])).toThrow(/metrics\[3\]\.step must be a non-negative integer/);
    expect(() => store.appendMetrics(run.id, [{ ...first, key: '' }])).toThrow(/metrics\[0\]\.key/);
    expect(() => store.appendMetrics(run.id, [{ ...first, wallTime: Number.NaN }])).toThrow(/metrics\[0\]\.wallTime/);
    expect(() => store.appendMetrics('no-such-run', good)).toThrow(/run no-such-run not found/);
    expect(store.listMetricKeys(run.id)).toEqual([]);
  });

  it('replaces steps written again (a resumed run) and keeps min/max right after the replacement', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const original = series('loss', 5000, { seed: 5 });
    original[2500] = { ...defined(original[2500]), value: 1e6 };
    store.appendMetrics(run.id, original);
    expect(store.getSeries(run.id, 'loss', { buckets: 2 }).points.some((bucket) => bucket.max === 1e6)).toBe(true);

    // Resume from step 2400: steps 2400..5999 arrive again with new values, the spike gone.
    const resumed = series('loss', 3600, { start: 2400, seed: 6 });
    store.appendMetrics(run.id, resumed);
    const expected = [...original.slice(0, 2400), ...resumed];
    for (const buckets of [2, 3, 64, 333, 2000]) {
      const read = store.getSeries(run.id, 'loss', { buckets });
      expect(read.points, `${buckets} buckets`).toEqual(referenceBuckets(expected, read.bucketWidth));
      expect(read.totalPoints).toBe(6000);
    }
    expect(store.compareRuns([run.id]).metrics[0]?.runs[0]).toMatchObject({ count: 6000, lastStep: 5999, last: resumed.at(-1)?.value });
  });

  it('lets the later of two points with the same step in one batch win, and accepts any order', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const at = (step: number, value: number): MetricPoint => ({ key: 'kl', step, epoch: 0, wallTime: step, value });
    store.appendMetrics(run.id, [at(5, 1), at(3, 2), at(5, 3), at(1, 4)]);
    expect(store.getSeries(run.id, 'kl').points.map((bucket) => [bucket.step, bucket.last])).toEqual([
      [1, 4],
      [3, 2],
      [5, 3],
    ]);
  });
});
