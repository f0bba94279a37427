/**
 * A VAE's Gaussian latent layer in one op: from the encoder's output h = [μ | raw log σ²] and the
 * noise ε, the posterior's μ and log σ² (clamped when asked), the sample z = μ + σ·ε and the
 * closed-form KL per dimension. The composite below (split, clamp, reparameterize, KL) is the
 * definition; on 'cpu-blas' the same math runs as one native kernel each way (its gradient is
 * registered with the kernel), since the composite is ~40 tiny kernels per training step whose
 * dispatch costs more than their arithmetic.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedGaussianLatent, type GaussianLatentTensors, type LogVarBand } from '../blas/fused-ops';
import { gaussianKlPerDim } from './gaussian-kl';
import { clampLogVar, LOG_VAR_MAX, LOG_VAR_MIN, reparameterize } from './reparameterize';

export type { GaussianLatentTensors } from '../blas/fused-ops';

/** The band clampLogVar uses, or null for no clamp. */
export function logVarBand(clamp: boolean): LogVarBand | null {
  return clamp ? { min: LOG_VAR_MIN, max: LOG_VAR_MAX } : null;
}

/** μ and log σ² from the encoder's output [batch, 2·latent]: the first half of each row, then the second (clamped in the band). */
export function splitGaussianParams(h: tf.Tensor2D, band: LogVarBand | null): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
  const [mu, rawLogVar] = tf.split(h, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
  return { mu, logVar: band === null ? rawLogVar : (clampLogVar(rawLogVar, band.min, band.max) as tf.Tensor2D) };
}

function composite(h: tf.Tensor2D, eps: tf.Tensor2D, band: LogVarBand | null): GaussianLatentTensors {
  const { mu, logVar } = splitGaussianParams(h, band);
  return { mu, logVar, z: reparameterize(mu, logVar, eps) as tf.Tensor2D, klPerDim: gaussianKlPerDim(mu, logVar) };
}

/** μ, log σ², z = μ + σ·ε and KL(q(z_d|x) ‖ N(0, 1)) per dimension, from h [batch, 2·latent] and ε [batch, latent]. */
export function gaussianLatent(h: tf.Tensor2D, eps: tf.Tensor2D, band: LogVarBand | null): GaussianLatentTensors {
  return fusedGaussianLatent(h, eps, band) ?? composite(h, eps, band);
}
