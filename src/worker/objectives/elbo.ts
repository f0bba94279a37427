import * as tf from '@tensorflow/tfjs';

export interface ElboInputs {
  /** log p(x | z) per example, [batch]. */
  logPx: tf.Tensor1D;
  /** KL(q(z_d | x) ‖ p(z_d)) per example and latent dimension, [batch, latent]. */
  klPerDim: tf.Tensor2D;
  /** Weight on the KL term (β-VAE, or the current value of a warm-up schedule). */
  beta: number | tf.Scalar;
  /** Free bits λ in nats per latent dimension; 0 turns them off. */
  freeBits: number;
}

export interface ElboTerms {
  /** What the optimizer minimizes: recon + β · (KL, or its free-bits version). */
  loss: tf.Scalar;
  /** Mean over the batch of −log p(x | z), summed over pixels. */
  recon: tf.Scalar;
  /** Mean over the batch of Σ_d KL_d: the true KL, whatever freeBits is, so recon + kl is −ELBO. */
  kl: tf.Scalar;
  /** Mean over the batch of each dimension's KL, [latent]: the per-dimension collapse signal. */
  klPerDimMean: tf.Tensor1D;
}

/**
 * The negative ELBO and its parts, summed over pixels and latent dimensions and averaged over the
 * batch (the convention that makes the loss comparable with published nats per image).
 *
 * Free bits (Kingma et al. 2016, "Improving Variational Inference with Inverse Autoregressive
 * Flow"): the KL term becomes Σ_d max(λ, E_batch KL_d). A dimension whose batch-mean KL is below λ
 * gets no gradient from the KL, so the optimizer has no reason to push it all the way onto the
 * prior and collapse it; above λ it is penalized as usual. The max is taken on the batch mean, not
 * per example, as in the paper, so one example cannot buy its own dimension free.
 */
export function elboTerms(args: ElboInputs): ElboTerms {
  const { logPx, klPerDim, beta, freeBits } = args;
  if (!Number.isFinite(freeBits) || freeBits < 0) {
    throw new RangeError(`elboTerms: freeBits must be a finite number ≥ 0 nats, got ${freeBits}`);
  }
  if (typeof beta === 'number' && !(Number.isFinite(beta) && beta >= 0)) {
    throw new RangeError(`elboTerms: beta must be a finite number ≥ 0, got ${beta}`);
  }
  if (logPx.rank !== 1 || klPerDim.rank !== 2 || logPx.shape[0] !== klPerDim.shape[0]) {
    throw new RangeError(
      `elboTerms: logPx must be [batch] and klPerDim [batch, latent] with the same batch; got [${logPx.shape.join(', ')}] and [${klPerDim.shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => {
    const recon = tf.neg(tf.mean(logPx)) as tf.Scalar;
    const klPerDimMean = tf.mean(klPerDim, 0) as tf.Tensor1D;
    const kl = tf.sum(klPerDimMean) as tf.Scalar;
    const klTerm = freeBits > 0 ? tf.sum(tf.maximum(klPerDimMean, freeBits)) : kl;
    const loss = recon.add(klTerm.mul(beta)) as tf.Scalar;
    return { loss, recon, kl, klPerDimMean };
  });
}
