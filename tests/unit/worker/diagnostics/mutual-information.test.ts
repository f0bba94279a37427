import { describe, expect, it } from 'vitest';
import { mutualInformation } from '../../../../src/worker/diagnostics/mutual-information';
import { Random } from '../../../../src/worker/random';

/**
 * An encoder over n Gaussian data points x ~ N(0, I_informative): on the first `informative`
 * dimensions μ = x and σ = posteriorSigma; the rest sit on the prior (μ = 0, σ = 1).
 */
function encoder(n: number, d: number, informative: number, posteriorSigma: number, rng: Random) {
  const mu = new Float32Array(n * d);
  const logVar = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const used = j < informative;
      mu[i * d + j] = used ? rng.normal() : 0;
      logVar[i * d + j] = used ? 2 * Math.log(posteriorSigma) : 0;
    }
  }
  return { mu, logVar };
}

describe('mutualInformation (He et al. 2019 estimator)', () => {
  it('is ≈ 0 when μ and σ do not depend on x', () => {
    const n = 3000;
    const { mu, logVar } = encoder(n, 4, 0, 1, new Random(3));
    for (let i = 0; i < mu.length; i++) mu[i] = 0.4; // a constant away from the prior, still independent of x
    const mi = mutualInformation(mu, logVar, n, 4, new Random(4));
    // Only Monte Carlo noise is left: the sampled entropy of 4 unit Gaussians has sd ≈ √2/√n ≈ 0.026.
    expect(Math.abs(mi)).toBeLessThan(0.1);
  });

  it("is close to the closed-form Gaussian MI, d'/2·log(1 + 1/σ²), when μ = x on d' dimensions", () => {
    const n = 4000;
    const informative = 2;
    const sigma = 0.3;
    const { mu, logVar } = encoder(n, 5, informative, sigma, new Random(5));
    const mi = mutualInformation(mu, logVar, n, 5, new Random(6));
    const exact = (informative / 2) * Math.log(1 + 1 / sigma ** 2); // x ~ N(0, 1), z = x + σε: log(1 + 1/0.09) ≈ 2.494 nats
    expect(Math.abs(mi - exact) / exact).toBeLessThan(0.03);
  });

  it('saturates at log n when every code identifies its point (σ → 0), as the estimator must', () => {
    const n = 2000;
    const d = 3;
    const { mu, logVar } = encoder(n, d, d, 1e-4, new Random(7));
    const mi = mutualInformation(mu, logVar, n, d, new Random(8));
    // Then log q(z_i) = log q(z_i | x_i) − log n, and what is left of the estimate is log n plus the
    // Monte Carlo error of the sampled entropy, sd √(d/2n) ≈ 0.027 nats.
    expect(Math.abs(mi - Math.log(n))).toBeLessThan(0.1);
  });

  it('is reproducible for a given seed and rejects mismatched arrays', () => {
    const { mu, logVar } = encoder(200, 3, 2, 0.5, new Random(9));
    expect(mutualInformation(mu, logVar, 200, 3, new Random(1))).toBe(mutualInformation(mu, logVar, 200, 3, new Random(1)));
    expect(() => mutualInformation(mu, logVar.subarray(3), 200, 3, new Random(1))).toThrow(/logVar has 597 values but n×d = 200×3 = 600/);
  });

  it.each([1, 2, 7, 9, 64])('scores samples in blocks of four exactly as one at a time would (n = %i)', (n) => {
    const d = 5;
    const rng = new Random(10 + n);
    const mu = Float32Array.from({ length: n * d }, () => rng.normal());
    const logVar = Float32Array.from({ length: n * d }, () => rng.normal() - 1);
    expect(mutualInformation(mu, logVar, n, d, new Random(4))).toBe(oneSampleAtATime(mu, logVar, n, d, new Random(4)));
  });
});

/** The estimator written plainly, one z_i at a time: the reference for the blocked version. */
function oneSampleAtATime(mu: Float32Array, logVar: Float32Array, n: number, d: number, rng: Random): number {
  const logTwoPi = Math.log(2 * Math.PI);
  let negativeEntropySum = 0;
  for (let j = 0; j < n; j++) {
    let sumLogVar = 0;
    for (let k = 0; k < d; k++) sumLogVar += logVar[j * d + k] as number;
    negativeEntropySum += -0.5 * (d * (logTwoPi + 1) + sumLogVar);
  }
  let logAggregateSum = 0;
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: d }, (_, k) => (mu[i * d + k] as number) + Math.exp(0.5 * (logVar[i * d + k] as number)) * rng.normal());
    const logDensities = Array.from({ length: n }, (_, j) => {
      let sumLogVar = 0;
      let mahalanobis = 0;
      for (let k = 0; k < d; k++) {
        const lv = logVar[j * d + k] as number;
        sumLogVar += lv;
        const e = (z[k] as number) - (mu[j * d + k] as number);
        mahalanobis += e * e * Math.exp(-lv);
      }
      return -0.5 * (d * logTwoPi + sumLogVar) - 0.5 * mahalanobis;
    });
    const max = Math.max(...logDensities);
    logAggregateSum += max + Math.log(logDensities.reduce((sum, v) => sum + Math.exp(v - max), 0)) - Math.log(n);
  }
  return negativeEntropySum / n - logAggregateSum / n;
}
