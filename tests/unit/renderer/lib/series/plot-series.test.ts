import { describe, expect, it } from 'vitest';
import { validateBuckets } from '../../../../../src/renderer/src/lib/series/downsampled-series';
import type { SeriesBucket } from '../../../../../src/shared/metric-series';
import { ENVELOPE_STRIDE, plotSeries, toTuples, XY_STRIDE, type PlotSettings } from '../../../../../src/renderer/src/lib/series/plot-series';

function bucket(step: number, last: number, extra: Partial<SeriesBucket> = {}): SeriesBucket {
  return { step, stepEnd: step, epoch: 0, wallTime: 1_700_000_000_000 + step, min: last, max: last, last, count: 1, nanCount: 0, ...extra };
}

const base = { x: 'step', smoothing: 0, logY: false } as const;

/** plotSeries with its flat arrays as tuples, easier to compare. */
function plot(buckets: SeriesBucket[], settings: PlotSettings) {
  const plotted = plotSeries(buckets, settings);
  return {
    ...plotted,
    raw: toTuples(plotted.raw, XY_STRIDE),
    smoothed: toTuples(plotted.smoothed, XY_STRIDE),
    envelope: plotted.envelope && toTuples(plotted.envelope, ENVELOPE_STRIDE),
  };
}

describe('plotSeries', () => {
  it('puts each bucket at its last step and draws its last value', () => {
    const plotted = plot([bucket(0, 5, { stepEnd: 9 }), bucket(10, 4, { stepEnd: 19 })], base);
    expect(plotted.raw).toEqual([
      [9, 5],
      [19, 4],
    ]);
  });

  it('gives fractional epochs from steps per epoch, whole epochs without', () => {
    const buckets = [bucket(0, 1, { stepEnd: 49, epoch: 0 }), bucket(50, 1, { stepEnd: 149, epoch: 1 })];
    expect(plot(buckets, { ...base, x: 'epoch', stepsPerEpoch: 100 }).raw.map(([x]) => x)).toEqual([0.5, 1.5]);
    expect(plot(buckets, { ...base, x: 'epoch' }).raw.map(([x]) => x)).toEqual([0, 1]);
    expect(() => plot(buckets, { ...base, x: 'epoch', stepsPerEpoch: 0 })).toThrow(/stepsPerEpoch must be positive/);
  });

  it('counts wall time in seconds from the first bucket or a given origin', () => {
    // Buckets keep Unix milliseconds; the axis shows seconds since the origin.
    const buckets = [bucket(0, 1, { wallTime: 1_000_000 }), bucket(1, 1, { wallTime: 1_012_500 })];
    expect(plot(buckets, { ...base, x: 'wallTime' }).raw.map(([x]) => x)).toEqual([0, 12.5]);
    expect(plot(buckets, { ...base, x: 'wallTime', wallTimeOrigin: 990_000 }).raw.map(([x]) => x)).toEqual([10, 22.5]);
  });

  it('smooths the last values with TensorBoard weights', () => {
    const plotted = plot([bucket(0, 1), bucket(1, 2), bucket(2, 3)], { ...base, smoothing: 0.5 });
    expect(plotted.smoothed.map(([, y]) => y)).toEqual([1, 5 / 3, 17 / 7].map((v) => expect.closeTo(v, 12)));
  });

  it('draws no envelope when every bucket is a single point', () => {
    expect(plot([bucket(0, 1), bucket(1, 2)], base).envelope).toBeNull();
  });

  it('keeps a spike in the envelope that the last value and the smoothed line miss', () => {
    const buckets = [
      bucket(0, 1.0, { stepEnd: 99, min: 0.9, max: 1.2, count: 100 }),
      bucket(100, 0.8, { stepEnd: 199, min: 0.7, max: 25, count: 100 }),
      bucket(200, 0.7, { stepEnd: 299, min: 0.6, max: 0.9, count: 100 }),
    ];
    const plotted = plot(buckets, { ...base, smoothing: 0.9 });
    expect(plotted.envelope).toEqual([
      [99, 0.9, 1.2],
      [199, 0.7, 25],
      [299, 0.6, 0.9],
    ]);
    expect(Math.max(...plotted.smoothed.map(([, y]) => y ?? Number.NaN))).toBeLessThan(2);
  });

  it('leaves out values a log axis cannot show and counts them', () => {
    const buckets = [bucket(0, 1), bucket(1, 0), bucket(2, -3), bucket(3, Number.NaN), bucket(4, 0.5)];
    const plotted = plot(buckets, { ...base, logY: true });
    expect(plotted.raw).toEqual([
      [0, 1],
      [4, 0.5],
    ]);
    expect(plotted.hiddenNonPositive).toBe(2);
    expect(plotted.hiddenNonFinite).toBe(1);
    // Linear axes show ≤ 0 but still cannot draw NaN.
    const linear = plot(buckets, base);
    expect(linear.raw).toHaveLength(4);
    expect(linear.hiddenNonPositive).toBe(0);
  });

  it('clamps an envelope reaching ≤ 0 at the smallest positive value on a log axis', () => {
    const buckets = [
      bucket(0, 0.5, { stepEnd: 9, min: -1, max: 2, count: 10 }),
      bucket(10, 0.2, { stepEnd: 19, min: 0.1, max: 0.4, count: 10 }),
    ];
    expect(plot(buckets, { ...base, logY: true }).envelope).toEqual([
      [9, 0.1, 2],
      [19, 0.1, 0.4],
    ]);
  });
});

describe('validateBuckets', () => {
  it('names the series and bucket of bad host data', () => {
    expect(() => validateBuckets('loss', [bucket(0, 1), bucket(0, 1)])).toThrow(/series "loss", bucket 1: step 0 does not follow/);
    expect(() => validateBuckets('kl', [bucket(0, 1, { count: 0 })])).toThrow(/bucket 0: count must be a positive integer/);
    expect(() => validateBuckets('kl', [bucket(5, 1, { stepEnd: 4 })])).toThrow(/stepEnd 4 is before step 5/);
    expect(() => validateBuckets('kl', [bucket(0, 1, { min: 2, max: 1 })])).toThrow(/min 2 is above max 1/);
    expect(() => validateBuckets('kl', [bucket(0, Number.NaN, { min: Number.NaN, max: Number.NaN })])).not.toThrow();
  });
});
