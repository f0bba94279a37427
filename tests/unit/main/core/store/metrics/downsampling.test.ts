/**
 * getSeries downsampling equals a brute-force JavaScript grouping on random data (dense and sparse
 * steps, NaN and ±Inf, zoomed ranges, batches of random sizes), and a single-point spike always
 * survives as its bucket's max (or min).
 */
import { describe, expect, it } from 'vitest';
import { planBuckets } from '../../../../../../src/main/core/store/metrics/bucket-plan';
import type { MetricPoint } from '../../../../../../src/shared/runs';
import { Random } from '../../../../../../src/worker/random';
import { referenceBuckets } from '../series-reference';
import { defined, freshStore, sampleRun } from '../store-fixtures';

/** Random steps (strictly increasing, gaps up to maxGap) and values with a few NaN/±Inf. */
function randomSeries(random: Random, count: number, maxGap: number, firstStep: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  let step = firstStep;
  for (let index = 0; index < count; index++) {
    const roll = random.next();
    const value = roll < 0.01 ? Number.NaN : roll < 0.012 ? Number.POSITIVE_INFINITY : roll < 0.014 ? Number.NEGATIVE_INFINITY : random.normal() * 10;
    points.push({ key: 'loss', step, epoch: Math.floor(step / 1000), wallTime: 1_700_000_000_000 + step * 3, value });
    step += 1 + random.int(maxGap);
  }
  return points;
}

function appendInRandomBatches(store: ReturnType<typeof freshStore>, runId: string, points: MetricPoint[], random: Random): void {
  for (let start = 0; start < points.length; ) {
    const size = 1 + random.int(3000);
    store.appendMetrics(runId, points.slice(start, start + size));
    start += size;
  }
}

describe('getSeries downsampling', () => {
  it('plans at most N aligned buckets, rounding the width up by at most 25% to a multiple of the tile it reads', () => {
    const random = new Random(1);
    for (let trial = 0; trial < 2000; trial++) {
      const from = random.int(1_000_000);
      const to = from + random.int(5_000_000);
      const buckets = 2 + random.int(5000);
      const { width, level } = planBuckets(from, to, buckets);
      const touched = Math.floor(to / width) - Math.floor(from / width) + 1;
      expect(touched).toBeLessThanOrEqual(buckets);
      if (level !== null) {
        expect(width % 2 ** level).toBe(0);
        expect(width).toBeLessThanOrEqual(1.25 * Math.ceil((to - from) / (buckets - 1)));
      }
    }
  });

  const cases = [
    { name: 'dense steps', count: 120_000, maxGap: 1, firstStep: 0 },
    { name: 'sparse, irregular steps', count: 40_000, maxGap: 40, firstStep: 17 },
    { name: 'a short series', count: 300, maxGap: 3, firstStep: 5 },
  ];
  for (const { name, count, maxGap, firstStep } of cases) {
    it(`matches the brute-force reference on ${name}, whole and zoomed`, () => {
      const random = new Random(count + maxGap);
      const store = freshStore();
      const run = store.createRun(sampleRun());
      const points = randomSeries(random, count, maxGap, firstStep);
      appendInRandomBatches(store, run.id, points, random);
      const lastStep = defined(points.at(-1)).step;

      const queries: { buckets: number; fromStep?: number; toStep?: number }[] = [
        { buckets: 2000 },
        { buckets: 2 },
        { buckets: 37 },
        { buckets: 100_000 },
        ...Array.from({ length: 12 }, () => {
          const a = random.int(lastStep + 1);
          const b = random.int(lastStep + 1);
          return { buckets: 2 + random.int(3000), fromStep: Math.min(a, b), toStep: Math.max(a, b) };
        }),
      ];
      for (const query of queries) {
        const read = store.getSeries(run.id, 'loss', query);
        const expected = referenceBuckets(points, read.bucketWidth, query.fromStep, query.toStep);
        expect(read.points, JSON.stringify(query)).toEqual(expected);
        expect(read.points.length).toBeLessThanOrEqual(query.buckets);
        expect(read.totalPoints).toBe(expected.reduce((sum, bucket) => sum + bucket.count, 0));
        expect(read.downsampled).toBe(read.points.length < read.totalPoints);
      }
    });
  }

  it('keeps a single-point spike as its bucket max, and a dip as its bucket min, at every resolution', () => {
    const random = new Random(99);
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const points = randomSeries(random, 200_000, 1, 0).map((point) => ({ ...point, value: Math.abs(point.value) < 1e9 ? point.value : 0 }));
    const spikeStep = 123_457;
    const dipStep = 3;
    points[spikeStep] = { ...defined(points[spikeStep]), value: 1e6 };
    points[dipStep] = { ...defined(points[dipStep]), value: -1e6 };
    store.appendMetrics(run.id, points);
    for (const buckets of [2, 3, 10, 100, 2000, 20_000]) {
      const read = store.getSeries(run.id, 'loss', { buckets });
      const spikeBucket = read.points.find((bucket) => bucket.step <= spikeStep && spikeStep <= bucket.stepEnd);
      const dipBucket = read.points.find((bucket) => bucket.step <= dipStep && dipStep <= bucket.stepEnd);
      expect(spikeBucket?.max, `${buckets} buckets`).toBe(1e6);
      expect(dipBucket?.min, `${buckets} buckets`).toBe(-1e6);
      expect(read.downsampled).toBe(true);
    }
  });

  it('reports NaN min/max only for a bucket that holds nothing but NaN', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const points: MetricPoint[] = Array.from({ length: 4096 }, (_, step) => ({
      key: 'loss',
      step,
      epoch: 0,
      wallTime: step,
      value: step >= 2048 ? Number.NaN : step,
    }));
    store.appendMetrics(run.id, points);
    const read = store.getSeries(run.id, 'loss', { buckets: 3 });
    expect(read.points.map(({ min, max, nanCount, count }) => ({ min, max, nanCount, count }))).toEqual([
      { min: 0, max: 2047, nanCount: 0, count: 2048 },
      { min: Number.NaN, max: Number.NaN, nanCount: 2048, count: 2048 },
    ]);
  });

  it('returns few points spread over many steps as they are, and an unknown key as an empty series', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const points: MetricPoint[] = Array.from({ length: 50 }, (_, index) => ({ key: 'eval/elbo', step: index * 10_000, epoch: index, wallTime: index, value: -100 + index }));
    store.appendMetrics(run.id, points);
    const read = store.getSeries(run.id, 'eval/elbo', { buckets: 100 });
    expect(read).toMatchObject({ totalPoints: 50, downsampled: false, bucketWidth: 1 });
    expect(read.points.map((bucket) => bucket.last)).toEqual(points.map((point) => point.value));
    expect(store.getSeries(run.id, 'never/logged')).toEqual({ key: 'never/logged', points: [], totalPoints: 0, downsampled: false, bucketWidth: 1 });
    expect(() => store.getSeries(run.id, 'eval/elbo', { buckets: 1 })).toThrow(/buckets must be an integer in 2\.\.100000/);
    expect(() => store.getSeries('nope', 'eval/elbo')).toThrow(/not found/);
  });
});
