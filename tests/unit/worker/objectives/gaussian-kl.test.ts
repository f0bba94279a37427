import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianKlPerDim } from '../../../../src/worker/objectives/gaussian-kl';
import { clampLogVar, LOG_VAR_MAX, LOG_VAR_MIN } from '../../../../src/worker/objectives/reparameterize';
import { Random } from '../../../../src/worker/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** KL(q ‖ p) = E_q[log q(z) − log p(z)], estimated in float64 from `samples` draws z = μ + σε. */
function monteCarloKl(mu: number, sigma: number, samples: number, rng: Random): number {
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const eps = rng.normal();
    const z = mu + sigma * eps;
    const logQ = -0.5 * eps * eps - Math.log(sigma);
    const logP = -0.5 * z * z;
    sum += logQ - logP; // the ½log 2π terms cancel
  }
  return sum / samples;
}

describe('gaussianKlPerDim', () => {
  // Small σ (a confident encoder), σ = 1 with μ ≠ 0 (pure mean shift), and large σ.
  const cases: [number, number][] = [
    [0, 0.01],
    [1.5, 0.05],
    [0.5, 1],
    [-2, 3],
    [0.3, 8],
  ];

  it.each(cases)('matches a 1e6-sample Monte Carlo estimate within 1 percent for μ=%s, σ=%s', (mu, sigma) => {
    const closedForm = tf.tidy(() =>
      gaussianKlPerDim(tf.tensor2d([[mu]]), tf.tensor2d([[Math.log(sigma * sigma)]])).dataSync()[0],
    );
    const estimate = monteCarloKl(mu, sigma, 1_000_000, new Random(7));
    expect(closedForm).toBeDefined();
    expect(Math.abs((closedForm ?? NaN) - estimate) / estimate).toBeLessThan(0.01);
  });

  it('is zero for the prior itself and keeps the [batch, latent] shape', () => {
    const kl = tf.tidy(() => gaussianKlPerDim(tf.zeros([3, 4]), tf.zeros([3, 4])));
    expect(kl.shape).toEqual([3, 4]);
    expect(Math.max(...Array.from(kl.dataSync()).map(Math.abs))).toBe(0);
    kl.dispose();
  });

  it('stays finite in float32 at both clamp bounds, even for raw log-variances far outside them', () => {
    const values = tf.tidy(() => {
      const raw = tf.tensor2d([[-1e4, LOG_VAR_MIN, LOG_VAR_MAX, 1e4]]);
      return gaussianKlPerDim(tf.fill([1, 4], 100), clampLogVar(raw) as tf.Tensor2D).dataSync();
    });
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    // At LOG_VAR_MAX the σ² term dominates: ½(1e4 + e^20 − 20 − 1).
    expect(values[2]).toBeCloseTo(0.5 * (1e4 + Math.exp(LOG_VAR_MAX) - LOG_VAR_MAX - 1), -3);
  });
});
