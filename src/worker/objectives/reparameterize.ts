import * as tf from '@tensorflow/tfjs';

/**
 * Bounds for an encoder's log-variance. exp() overflows float32 above ~88.7 and turns subnormal
 * below ~−87.3, but the real limits are tighter:
 * - LOG_VAR_MAX = 20: σ² = e²⁰ ≈ 4.9e8 (σ ≈ 2.2e4, four orders beyond the unit prior). The KL
 *   term grows like σ², so even summed over 1,024 dimensions and a batch of 1,024 it stays near
 *   5e14, far below float32's 3.4e38, and its gradient stays finite.
 * - LOG_VAR_MIN = −30: σ = e⁻¹⁵ ≈ 3.1e-7, already below float32's resolution around 1 (ulp 1.2e-7),
 *   so a smaller σ changes no sample; σ² ≈ 9.4e-14 is a normal float, and −log σ² = 30 keeps the
 *   KL finite rather than letting a collapsing variance drive it to infinity.
 */
export const LOG_VAR_MIN = -30;
export const LOG_VAR_MAX = 20;

/** Keeps logVar where exp() is safe in KL and sampling; the gradient is zero outside the band. */
export function clampLogVar(logVar: tf.Tensor, min = LOG_VAR_MIN, max = LOG_VAR_MAX): tf.Tensor {
  if (!(min < max)) throw new RangeError(`clampLogVar: min (${min}) must be below max (${max})`);
  return tf.clipByValue(logVar, min, max);
}

/**
 * z = μ + exp(½ logVar) · ε. ε is passed in (not drawn here) so the function stays pure: the caller
 * owns the random stream, and tests can fix ε to check gradients against finite differences.
 */
export function reparameterize(mu: tf.Tensor, logVar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  return tf.tidy(() => mu.add(tf.exp(logVar.mul(0.5)).mul(eps)));
}
