import * as tf from '@tensorflow/tfjs';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** log N(z; μ, diag(exp(logVar))), summed over the last axis (the latent dimensions). */
export function logNormalDiag(z: tf.Tensor, mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const squaredDistance = tf.square(z.sub(mu)).mul(tf.exp(tf.neg(logVar)));
    return tf.sum(squaredDistance.add(logVar).add(LOG_TWO_PI), -1).mul(-0.5);
  });
}

/** log N(z; 0, I), summed over the last axis: the prior's log density. */
export function logStandardNormal(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.square(z).add(LOG_TWO_PI), -1).mul(-0.5));
}

/**
 * The importance-weighted bound (Burda et al. 2015) per example,
 *   log (1/K) Σ_k w_k = logsumexp_k(log w_k) − log K,
 * from log weights log w_k = log p(x, z_k) − log q(z_k | x), shaped [K, batch]. tf.logSumExp
 * subtracts the max before exponentiating, so weights like e^{−500} (typical for images) do not
 * underflow to log 0. K = 1 gives the one-sample ELBO estimate.
 */
export function iwaeBound(logWeights: tf.Tensor2D): tf.Tensor1D {
  if (logWeights.rank !== 2 || logWeights.shape[0] < 1) {
    throw new RangeError(`iwaeBound: logWeights must be [K ≥ 1, batch], got [${logWeights.shape.join(', ')}]`);
  }
  const k = logWeights.shape[0];
  return tf.tidy(() => tf.logSumExp(logWeights, 0).sub(Math.log(k)) as tf.Tensor1D);
}

/**
 * The rows of x repeated k times, [k·B, …]: row k·B + b is row b, so K samples of z laid out as
 * [K, B] meet their data. A gather of row indices rather than tf.tile: the CPU backends' Tile
 * kernels walk every element (0.2 s for 50 copies of 100 MNIST rows on wasm), where gathering
 * whole rows is a copy per row.
 */
export function repeatRows<T extends tf.Tensor>(x: T, k: number): T {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`repeatRows: k must be a whole number ≥ 1, got ${k}`);
  const rows = x.shape[0] ?? 0;
  return tf.tidy(() => tf.gather(x, tf.tensor1d(Array.from({ length: k * rows }, (_, i) => i % rows), 'int32'))) as T;
}
