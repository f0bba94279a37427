import * as tf from '@tensorflow/tfjs';

/**
 * KL(N(μ, σ²) ‖ N(0, 1)) in closed form, per example and latent dimension:
 * ½(μ² + σ² − log σ² − 1), with σ² = exp(logVar). Shape [batch, latent], so callers can both
 * sum over dimensions (the ELBO) and watch each dimension on its own (collapse diagnostics).
 * Pass a clamped logVar (see clampLogVar) so exp() stays inside float32.
 */
export function gaussianKlPerDim(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.square(mu).add(tf.exp(logVar)).sub(logVar).sub(1).mul(0.5) as tf.Tensor2D);
}
