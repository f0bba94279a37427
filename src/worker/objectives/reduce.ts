import * as tf from '@tensorflow/tfjs';

/**
 * Sums every axis but the first, so a log-likelihood is one number per example however the data is
 * shaped ([batch, 784] for flat MNIST, [batch, 28, 28, 1] for images). A rank-1 input already is
 * one value per example and comes back as it is.
 */
export function sumOverNonBatchAxes(t: tf.Tensor): tf.Tensor1D {
  if (t.rank === 0) throw new RangeError('sumOverNonBatchAxes: expected a batch axis, got a scalar');
  if (t.rank === 1) return t as tf.Tensor1D;
  const axes = Array.from({ length: t.rank - 1 }, (_, i) => i + 1);
  return tf.sum(t, axes) as tf.Tensor1D;
}
