/** Gradient plumbing tfjs lacks as ops: stop-gradient and the straight-through estimator. */
import * as tf from '@tensorflow/tfjs';
import { withCustomGradient } from './custom-gradient';

/** Identity forward, zero gradient backward (TensorFlow's tf.stop_gradient). */
export const stopGradient = withCustomGradient<[tf.Tensor], tf.Tensor>(([x]) => ({
  value: tf.clone(x),
  gradFunc: (dy) => [tf.zerosLike(dy)],
})) as <T extends tf.Tensor>(x: T) => T;

/**
 * Forward: the quantized value. Backward: the gradient passes to the continuous input unchanged and
 * not to the quantized one — z_e + sg(z_q − z_e) of van den Oord et al. 2017, without the two
 * extra element-wise passes.
 */
export const straightThrough = withCustomGradient<[tf.Tensor, tf.Tensor], tf.Tensor>(([, quantized]) => ({
  value: tf.clone(quantized),
  gradFunc: (dy) => [tf.clone(dy), tf.zerosLike(dy)],
})) as <T extends tf.Tensor>(continuous: T, quantized: T) => T;
