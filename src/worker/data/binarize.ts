/**
 * Binarized targets for a Bernoulli decoder: each pixel intensity x in [0,1] is read as the
 * probability that the pixel is on, and one draw b ~ Bernoulli(x) replaces it (P(u < x) = x for
 * u ~ U[0,1)).
 *
 * - static: one draw per pixel for the whole run, made the way the fixed binarized MNIST of
 *   Larochelle & Murray was (most VAE likelihoods in the literature are reported on that file), but
 *   not that file: numbers compare with each other, not digit-for-digit with the papers';
 * - dynamic: a fresh draw every time a batch is used, which acts as data augmentation and gives
 *   different (lower) numbers than static; the two must not be compared.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../random';

/** One Bernoulli draw per pixel with the seeded host generator; the same seed gives the same images. */
export function staticBinarize(images: Float32Array, seed: number): Float32Array {
  const random = new Random(seed);
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = random.next() < (images[i] as number) ? 1 : 0;
  return out;
}

/**
 * A fresh Bernoulli draw for a batch, as float32 0/1 of the batch's shape. The draw is a function
 * of the seed, so the caller passes a new seed for every batch (e.g. `random.fork()`), which keeps
 * a run reproducible. The caller owns (and disposes) the result.
 */
export function dynamicBinarize(batch: tf.Tensor, seed: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.less(tf.randomUniform(batch.shape, 0, 1, 'float32', seed), batch), 'float32'));
}
