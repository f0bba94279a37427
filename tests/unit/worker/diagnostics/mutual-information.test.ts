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
    // Every z_i scores the same under its own posterior and under the aggregate: nothing is left.
    expect(Math.abs(mi)).toBeLessThan(1e-9);
  });

  it.each([1, 2, 3, 4, 5])('finds a code barely off the prior collapsed, well under the verdict\'s 0.1 nat, at the evaluation\'s n = 2,000, d = 16 (seed %i)', (seed) => {
    // What a collapsed PixelCNN-VAE's encoder gives: μ ≈ 0, σ ≈ 1 with a little per-point wobble.
    // The true MI is at most the average KL to the prior (the marginal KL is ≥ 0): here ≈ 0.003 nat.
    const n = 2000;
    const d = 16;
    const rng = new Random(100 + seed);
    const mu = Float32Array.from({ length: n * d }, () => 0.01 * rng.normal());
    const logVar = Float32Array.from({ length: n * d }, () => 0.01 * rng.normal());
    let averageKl = 0;
    for (let i = 0; i < n * d; i++) averageKl += 0.5 * ((mu[i] as number) ** 2 + Math.exp(logVar[i] as number) - 1 - (logVar[i] as number)) / n;
    const mi = mutualInformation(mu, logVar, n, d, new Random(seed));
    // With the entropy in closed form (the estimator before), the sampled aggregate term alone had
    // sd √(d/2)/√n ≈ 0.063 nat here: one evaluation in six read above 0.1, "weak", for this code.
    expect(averageKl).toBeLessThan(0.005);
    expect(Math.abs(mi)).toBeLessThan(0.01);
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
    // Then log q(z_i) = log q(z_i | x_i) − log n for every sample: the estimate is log n.
    expect(Math.abs(mi - Math.log(n))).toBeLessThan(0.01);
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
  let logRatioSum = 0;
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
    const logAggregate = max + Math.log(logDensities.reduce((sum, v) => sum + Math.exp(v - max), 0)) - Math.log(n);
    logRatioSum += (logDensities[i] as number) - logAggregate;
  }
  return logRatioSum / n;
}
