import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clampLogVar, LOG_VAR_MAX, LOG_VAR_MIN, reparameterize } from '../../../../src/worker/objectives/reparameterize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mu = [0.3, -1.2, 0.7, 2.0];
const logVar = [-1.5, 0.4, -0.2, -3.0];
const eps = [0.8, -0.4, 1.6, -1.1];

/** A smooth scalar function of z, so its gradient through z = μ + σε is well defined everywhere. */
function objective(m: tf.Tensor, lv: tf.Tensor): tf.Scalar {
  const z = reparameterize(m, lv, tf.tensor1d(eps));
  return tf.sum(tf.sin(z).mul(tf.square(z)).add(tf.exp(z.mul(0.5)))) as tf.Scalar;
}

function objectiveAt(m: number[], lv: number[]): number {
  return tf.tidy(() => objective(tf.tensor1d(m), tf.tensor1d(lv)).dataSync()[0] ?? NaN);
}

function centralDifference(at: (shifted: number[]) => number, base: number[], i: number, h: number): number {
  const plus = base.slice();
  const minus = base.slice();
  plus[i] = (plus[i] ?? 0) + h;
  minus[i] = (minus[i] ?? 0) - h;
  return (at(plus) - at(minus)) / (2 * h);
}

describe('reparameterize', () => {
  it('computes μ + exp(½ logVar)·ε', () => {
    const z = tf.tidy(() => reparameterize(tf.tensor1d(mu), tf.tensor1d(logVar), tf.tensor1d(eps)).dataSync());
    mu.forEach((m, i) => expect(z[i]).toBeCloseTo(m + Math.exp(0.5 * (logVar[i] ?? 0)) * (eps[i] ?? 0), 5));
  });

  it('has gradients in μ and logVar that match central finite differences', () => {
    const [gradMu, gradLogVar] = tf.tidy(() => {
      const grads = tf.grads((m: tf.Tensor, lv: tf.Tensor) => objective(m, lv))([tf.tensor1d(mu), tf.tensor1d(logVar)]);
      return grads.map((g) => Array.from(g.dataSync()));
    });
    const h = 1e-2; // float32: big enough that rounding (~1e-7/h) stays below the O(h²) truncation
    for (let i = 0; i < mu.length; i++) {
      const fdMu = centralDifference((m) => objectiveAt(m, logVar), mu, i, h);
      const fdLogVar = centralDifference((lv) => objectiveAt(mu, lv), logVar, i, h);
      expect(Math.abs((gradMu?.[i] ?? NaN) - fdMu)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fdMu)));
      expect(Math.abs((gradLogVar?.[i] ?? NaN) - fdLogVar)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fdLogVar)));
    }
  });
});

describe('clampLogVar', () => {
  it('clips to the bounds and passes gradient only inside them', () => {
    const input = [-1e4, LOG_VAR_MIN - 1, -3, 0, 5, LOG_VAR_MAX + 1, 1e4];
    const [clamped, gradient] = tf.tidy(() => {
      const x = tf.tensor1d(input);
      const g = tf.grad((t: tf.Tensor) => tf.sum(clampLogVar(t)))(x);
      return [Array.from(clampLogVar(x).dataSync()), Array.from(g.dataSync())];
    });
    expect(clamped).toEqual([LOG_VAR_MIN, LOG_VAR_MIN, -3, 0, 5, LOG_VAR_MAX, LOG_VAR_MAX]);
    expect(gradient).toEqual([0, 0, 1, 1, 1, 0, 0]);
  });

  it('chooses bounds where exp(logVar) and exp(½ logVar) are finite, normal float32 numbers', () => {
    const values = tf.tidy(() => {
      const bounds = tf.tensor1d([LOG_VAR_MIN, LOG_VAR_MAX]);
      return Array.from(tf.concat([tf.exp(bounds), tf.exp(bounds.mul(0.5))]).dataSync());
    });
    const smallestNormalFloat32 = 2 ** -126;
    for (const v of values) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(smallestNormalFloat32);
    }
  });

  it('rejects an empty band', () => {
    expect(() => clampLogVar(tf.scalar(0), 1, 1)).toThrow(/min \(1\) must be below max \(1\)/);
  });
});
