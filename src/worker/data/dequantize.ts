/**
 * Uniform dequantization for continuous likelihoods (Theis, van den Oord & Bethge 2016): an 8-bit
 * level k becomes (k + u)/256 with u ~ U[0,1), so the data has a density and a continuous model's
 * log-likelihood is a bound on the discrete one instead of growing without limit on a point mass.
 * With x = k/255 this is the (x·255 + u)/256 of the literature; the result lies in [k/256, (k+1)/256),
 * inside [0,1).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The largest u we let through. A float32 u can round up to 1.0, and k + u just below k + 1 can
 * round to k + 1 (float32 spacing is 2^-16 between 128 and 256). k + (1 - 2^-14) is exactly
 * representable for every k ≤ 255 and rounding is monotonic, so capping u there keeps every value
 * strictly inside its bin. Clipping 6e-5 of the unit interval does not measurably bend the uniform.
 */
export const MAX_UNIFORM = 1 - 2 ** -14;

/**
 * `batch` holds dataset pixels (exact k/255 levels; rounding recovers k even after float error).
 * The draw is a function of the seed: pass a new seed per batch. The caller owns the result.
 */
export function dequantize(batch: tf.Tensor, seed: number): tf.Tensor {
  return tf.tidy(() => {
    const levels = tf.round(tf.mul(batch, 255));
    const noise = tf.minimum(tf.randomUniform(batch.shape, 0, 1, 'float32', seed), MAX_UNIFORM);
    return tf.div(tf.add(levels, noise), 256);
  });
}
