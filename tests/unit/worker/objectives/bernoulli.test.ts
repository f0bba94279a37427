import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulliLogLikelihood } from '../../../../src/worker/objectives/likelihoods';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const logits = [-1e4, -1e3, -100, -30, -20, -17, -1, 0, 1, 17, 20, 30, 100, 1e3, 1e4];
const targets = [0, 0.3, 1];

/** The textbook form in float64: x log σ(l) + (1 − x) log(1 − σ(l)); −∞ or NaN once σ saturates. */
function naiveLogLikelihood(x: number, l: number): number {
  const p = 1 / (1 + Math.exp(-l));
  return x * Math.log(p) + (1 - x) * Math.log(1 - p);
}

/** An exact float64 reference: −(max(l,0) − l·x + log1p(e^{−|l|})). */
function referenceLogLikelihood(x: number, l: number): number {
  return -(Math.max(l, 0) - l * x + Math.log1p(Math.exp(-Math.abs(l))));
}

/** One example per (x, logit) pair, so each value can be compared on its own. */
function evaluate(): { values: Float32Array; gradients: Float32Array; pairs: [number, number][] } {
  const pairs = targets.flatMap((x) => logits.map((l): [number, number] => [x, l]));
  return tf.tidy(() => {
    const x = tf.tensor2d(pairs.map(([xi]) => [xi]));
    const l = tf.tensor2d(pairs.map(([, li]) => [li]));
    const values = bernoulliLogLikelihood(x, l).dataSync() as Float32Array;
    const gradients = tf.grad((t: tf.Tensor) => tf.sum(bernoulliLogLikelihood(x, t)))(l).dataSync() as Float32Array;
    return { values, gradients, pairs };
  });
}

describe('bernoulliLogLikelihood', () => {
  const { values, gradients, pairs } = evaluate();

  it('is finite for |logit| up to 1e4, with x binary or grey', () => {
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
  });

  it('agrees with the naive formula wherever that is finite, and with the exact value everywhere', () => {
    let comparedWithNaive = 0;
    pairs.forEach(([x, l], i) => {
      const got = values[i] ?? NaN;
      const exact = referenceLogLikelihood(x, l);
      expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(exact)));
      // Past |l| ≈ 20 even float64's 1 − σ(l) has lost digits (at l = 30 it is off by 1e-3), so
      // the naive form is a reference only where it is finite and still well conditioned.
      const naive = naiveLogLikelihood(x, l);
      if (Number.isFinite(naive) && Math.abs(l) <= 20) {
        comparedWithNaive++;
        expect(Math.abs(got - naive)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(naive)));
      }
    });
    expect(comparedWithNaive).toBe(7 * targets.length);
  });

  it('stays finite where the naive formula in float32 already gives −∞', () => {
    // σ(20) rounds to 1 and σ(−1000) to 0 in float32, so log(1 − σ) or log σ is log 0.
    const cases: [number, number][] = [
      [0, 20],
      [1, -1000],
    ];
    const naiveFloat32 = tf.tidy(() => {
      const x = tf.tensor1d(cases.map(([xi]) => xi));
      const p = tf.sigmoid(tf.tensor1d(cases.map(([, l]) => l)));
      return Array.from(x.mul(tf.log(p)).add(tf.scalar(1).sub(x).mul(tf.log(tf.scalar(1).sub(p)))).dataSync());
    });
    expect(naiveFloat32).toEqual([-Infinity, -Infinity]);
    for (const [xi, l] of cases) {
      expect(values[pairs.findIndex(([px, pl]) => px === xi && pl === l)]).toBeCloseTo(-Math.abs(l), 4);
    }
  });

  it('has the gradient x − σ(l) in the logits, finite everywhere, including l = 0', () => {
    pairs.forEach(([x, l], i) => {
      const got = gradients[i] ?? NaN;
      expect(Number.isFinite(got)).toBe(true);
      expect(got).toBeCloseTo(x - 1 / (1 + Math.exp(-l)), 6);
    });
  });

  it('sums over every non-batch axis', () => {
    const xs = [0, 1, 0.5, 1, 0, 0.25, 1, 1];
    const ls = [-2, 3, 0.1, 5, -1, 0, 2, 4];
    const perExample = tf.tidy(() =>
      Array.from(bernoulliLogLikelihood(tf.tensor4d(xs, [2, 2, 2, 1]), tf.tensor4d(ls, [2, 2, 2, 1])).dataSync()),
    );
    const expected = [0, 1].map((b) =>
      [0, 1, 2, 3].reduce((sum, k) => sum + referenceLogLikelihood(xs[4 * b + k] ?? 0, ls[4 * b + k] ?? 0), 0),
    );
    expect(perExample).toHaveLength(2);
    expected.forEach((e, b) => expect(perExample[b]).toBeCloseTo(e, 5));
  });

  it('names the mismatch when x and logits differ in shape', () => {
    expect(() => bernoulliLogLikelihood(tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(
      /bernoulliLogLikelihood: x has shape \[2, 3\] but logits has shape \[2, 4\]/,
    );
  });
});
