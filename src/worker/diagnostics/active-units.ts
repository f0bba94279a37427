import { assertMatrixShape } from './matrix-shape';

export interface ActiveUnits {
  /** Var over x of E_q[z_d | x] = μ_d(x), one per latent dimension. */
  variances: number[];
  /** variances[d] > threshold. */
  active: boolean[];
  count: number;
}

/**
 * Active units (Burda et al. 2015, "Importance Weighted Autoencoders", §5.2): dimension d is active
 * when A_d = Cov_x(E_{q(z|x)}[z_d]) exceeds a threshold (0.01 in the paper). For a diagonal
 * Gaussian encoder E_q[z_d] is μ_d, so A_d is the variance of μ_d over the n encoded points (the
 * population variance, dividing by n, as the statistic describes these points, not a sample).
 * mu is row-major n × d. Sums run in float64 with the mean subtracted first (two passes) so a large
 * common offset in μ does not swamp a small variance.
 */
export function activeUnits(mu: Float32Array, n: number, d: number, threshold = 0.01): ActiveUnits {
  assertMatrixShape('activeUnits', 'mu', mu, n, d);
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) means[j] = (means[j] ?? 0) + (mu[i * d + j] ?? 0);
  }
  for (let j = 0; j < d; j++) means[j] = (means[j] ?? 0) / n;
  const sumSquares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const deviation = (mu[i * d + j] ?? 0) - (means[j] ?? 0);
      sumSquares[j] = (sumSquares[j] ?? 0) + deviation * deviation;
    }
  }
  const variances = Array.from(sumSquares, (s) => s / n);
  const active = variances.map((v) => v > threshold);
  return { variances, active, count: active.filter(Boolean).length };
}
