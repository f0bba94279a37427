import type { Random } from '../random';
import { assertMatrixShape } from './matrix-shape';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * I_q(x; z), the mutual information between data and code under the encoder's joint
 * q(x, z) = p_data(x) q(z | x), in nats, by the estimator of He et al. 2019 ("Lagging Inference
 * Networks and Posterior Collapse in VAEs", their calc_mi):
 *   I = E_x[E_{q(z|x)} log q(z | x)] − E_{z~q(z)} log q(z)
 * - the first term in closed form: minus the entropy of each diagonal Gaussian,
 *   −½ Σ_d (log 2π + 1 + logVar_d), averaged over x;
 * - the second by drawing one z_i ~ q(z | x_i) per point and scoring it under the aggregate
 *   posterior q(z) ≈ (1/n) Σ_j q(z | x_j): logsumexp_j log q(z_i | x_j) − log n.
 * The estimate cannot exceed log n (in expectation: each z_i is at best attributed to its own x_i),
 * so pass enough points for the MI you expect. It costs n²·d: about 0.5 s for n = 2,000, d = 32
 * on this project's 2-core machines, 11 s for n = 10,000, so callers pass a fixed subset.
 * mu and logVar are row-major n × d; rng supplies the ε of the samples.
 */
export function mutualInformation(mu: Float32Array, logVar: Float32Array, n: number, d: number, rng: Random): number {
  assertMatrixShape('mutualInformation', 'mu', mu, n, d);
  assertMatrixShape('mutualInformation', 'logVar', logVar, n, d);

  const inverseVariance = new Float64Array(n * d);
  /** log normalizer of each q(·|x_j): −½ Σ_d (log 2π + logVar_jd). */
  const logNormalizer = new Float64Array(n);
  let negativeEntropySum = 0;
  for (let j = 0; j < n; j++) {
    let sumLogVar = 0;
    for (let k = 0; k < d; k++) {
      const lv = logVar[j * d + k] ?? 0;
      inverseVariance[j * d + k] = Math.exp(-lv);
      sumLogVar += lv;
    }
    logNormalizer[j] = -0.5 * (d * LOG_TWO_PI + sumLogVar);
    negativeEntropySum += -0.5 * (d * (LOG_TWO_PI + 1) + sumLogVar);
  }

  const z = new Float64Array(d);
  const logDensities = new Float64Array(n);
  let logAggregateSum = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      z[k] = (mu[i * d + k] ?? 0) + Math.exp(0.5 * (logVar[i * d + k] ?? 0)) * rng.normal();
    }
    for (let j = 0; j < n; j++) {
      const row = j * d;
      let squaredMahalanobis = 0;
      for (let k = 0; k < d; k++) {
        const deviation = (z[k] ?? 0) - (mu[row + k] ?? 0);
        squaredMahalanobis += deviation * deviation * (inverseVariance[row + k] ?? 0);
      }
      logDensities[j] = (logNormalizer[j] ?? 0) - 0.5 * squaredMahalanobis;
    }
    logAggregateSum += logSumExp(logDensities) - Math.log(n);
  }
  return negativeEntropySum / n - logAggregateSum / n;
}

/** log Σ exp(values), shifted by the max so that densities like e^{−800} do not underflow to log 0. */
function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}
