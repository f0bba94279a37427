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
 * Negative log-likelihood in nats per example converted to bits per dimension. Meaningful for a
 * discrete likelihood (Bernoulli on binarized data, discretized logistic on 8-bit pixels); a
 * continuous density on [0, 1] data needs the log(bins) dequantization offset first.
 */
export function bitsPerDim(nllNats: number, dims: number): number {
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`bitsPerDim: dims must be a positive integer, got ${dims}`);
  return nllNats / (dims * Math.LN2);
}
