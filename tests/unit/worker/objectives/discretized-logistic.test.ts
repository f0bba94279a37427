import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discretizedLogisticLogLikelihood } from '../../../../src/worker/objectives/likelihoods';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BINS = 256;
const grid = Array.from({ length: BINS }, (_, k) => k / (BINS - 1));

/** log P(bin k) for every bin of one pixel, as a batch of 256 one-pixel examples. */
function logProbsOverBins(mean: number, logScale: number): number[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(grid, [BINS, 1]);
    return Array.from(discretizedLogisticLogLikelihood(x, tf.fill([BINS, 1], mean), logScale, BINS).dataSync());
  });
}

function sigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/** float64 reference by plain CDF differences; trustworthy where the bin mass is not tiny. */
function referenceProb(k: number, mean: number, s: number): number {
  const half = 0.5 / (BINS - 1);
  const x = k / (BINS - 1);
  const upper = k === BINS - 1 ? 1 : sigmoid((x - mean + half) / s);
  const lower = k === 0 ? 0 : sigmoid((x - mean - half) / s);
  return upper - lower;
}

// Scales from broad (e^0 = the whole range) to e^-20 ≈ 2e-9, far below a bin's width (1/255):
// there almost every bin has both CDFs round to 0 or 1 and the naive difference is exactly 0.
const means = [0.5, 0, 1, 0.123, 100.5 / 255, -0.2, 1.3];
const logScales = [0, -2, -5, -8, -12, -20];
const cases = means.flatMap((m) => logScales.map((s): [number, number] => [m, s]));

describe('discretizedLogisticLogLikelihood', () => {
  it.each(cases)('sums to 1 over the 256 bins within 1e-4 (mean %s, logScale %s)', (mean, logScale) => {
    const logProbs = logProbsOverBins(mean, logScale);
    for (const lp of logProbs) {
      expect(Number.isFinite(lp)).toBe(true);
      expect(lp).toBeLessThanOrEqual(1e-6);
    }
    const total = logProbs.reduce((sum, lp) => sum + Math.exp(lp), 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-4);
  });

  it('matches float64 CDF differences bin by bin where those are well conditioned', () => {
    // Below s ≈ e^-8 the float32 rounding of x and mean (≈3e-8) is no longer small against s,
    // so bin-by-bin agreement is only asked of the broader scales; the sums above cover the rest.
    for (const [mean, logScale] of cases.filter(([, s]) => s >= -8)) {
      const logProbs = logProbsOverBins(mean, logScale);
      grid.forEach((_, k) => {
        const p = referenceProb(k, mean, Math.exp(logScale));
        if (p > 1e-12) expect(Math.abs((logProbs[k] ?? NaN) - Math.log(p))).toBeLessThan(1e-3 + 1e-5 * Math.abs(Math.log(p)));
      });
    }
  });

  it('stays finite and exact deep in the tail, where the naive CDF difference underflows to 0', () => {
    const mean = 0.5;
    const scale = Math.exp(-8);
    const naive = tf.tidy(() => {
      const x = tf.scalar(200 / 255);
      const half = 0.5 / 255;
      return tf.sigmoid(x.sub(mean).add(half).div(scale)).sub(tf.sigmoid(x.sub(mean).sub(half).div(scale))).dataSync()[0];
    });
    expect(naive).toBe(0);
    // Far right tail: σ(b) − σ(a) ≈ e^{−a} − e^{−b} = e^{−a}(1 − e^{−(b−a)}), in float64 logs.
    const a = (200 / 255 - mean - 0.5 / 255) / scale;
    const expected = -a + Math.log1p(-Math.exp(-(1 / 255) / scale));
    expect(logProbsOverBins(mean, -8)[200]).toBeCloseTo(expected, 0);
    expect(Math.abs((logProbsOverBins(mean, -8)[200] ?? NaN) - expected) / Math.abs(expected)).toBeLessThan(1e-5);
  });

  it('splits the mass evenly between the two bins a small-scale mean sits between', () => {
    // s = e^-12 ≈ 6e-6: float32 places the shared edge within 3e-8 of 100.5/255, 0.5% of s.
    const logProbs = logProbsOverBins(100.5 / 255, -12);
    expect(Math.abs((logProbs[100] ?? NaN) - Math.log(0.5))).toBeLessThan(0.01);
    expect(Math.abs((logProbs[101] ?? NaN) - Math.log(0.5))).toBeLessThan(0.01);
  });

  it('has finite gradients in mean and logScale across scales and bins', () => {
    for (const logScale of [0, -5, -20]) {
      const [gradMean, gradLogScale] = tf.tidy(() => {
        const x = tf.tensor2d(grid, [BINS, 1]);
        const grads = tf.grads((m: tf.Tensor, s: tf.Tensor) => tf.sum(discretizedLogisticLogLikelihood(x, m, s, BINS)))([
          tf.fill([BINS, 1], 0.37),
          tf.fill([BINS, 1], logScale),
        ]);
        return grads.map((g) => Array.from(g.dataSync()));
      });
      for (const g of [...(gradMean ?? []), ...(gradLogScale ?? [])]) expect(Number.isFinite(g)).toBe(true);
    }
  });

  it('sums over pixels and broadcasts a per-example logScale', () => {
    const x = [
      [0, 10 / 255, 1],
      [128 / 255, 255 / 255, 3 / 255],
    ];
    const mean = [
      [0.1, 0.05, 0.9],
      [0.5, 0.7, 0.0],
    ];
    const logScale = [[-3], [-2]];
    const got = tf.tidy(() => Array.from(discretizedLogisticLogLikelihood(tf.tensor2d(x), tf.tensor2d(mean), tf.tensor2d(logScale)).dataSync()));
    x.forEach((row, b) => {
      const expected = row.reduce(
        (sum, xi, k) => sum + Math.log(referenceProb(Math.round(xi * 255), mean[b]?.[k] ?? 0, Math.exp(logScale[b]?.[0] ?? 0))),
        0,
      );
      expect(got[b]).toBeCloseTo(expected, 3);
    });
  });

  it('rejects a bin count below 2', () => {
    expect(() => discretizedLogisticLogLikelihood(tf.zeros([1, 1]), tf.zeros([1, 1]), 0, 1)).toThrow(/bins must be an integer ≥ 2/);
  });
});
