import * as tf from '@tensorflow/tfjs';
import { sumOverNonBatchAxes } from './reduce';
import { assertSameShape } from './shapes';

/**
 * log p(x | z) under independent Bernoullis with the given logits, one value per example (summed
 * over every non-batch axis). It is minus binary cross-entropy with logits, in the stable form
 *   BCE = max(l, 0) − l·x + log1p(exp(−|l|)),
 * which never evaluates exp of a positive number, so it stays finite for |l| up to 1e4 and beyond
 * (the naive −x·log σ(l) − (1−x)·log(1−σ(l)) gives log 0 once σ saturates, near |l| ≈ 17).
 * x may be any value in [0, 1] (grey levels as "soft" targets), not only 0 or 1.
 * Its gradient in l is σ(l) − x, also at l = 0 (tf.abs' gradient takes sign(0) = −1 and relu's
 * takes 0 there, which add up to the right ½ − x).
 */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  assertSameShape('bernoulliLogLikelihood', x, 'x', logits, 'logits');
  return tf.tidy(() => {
    const bce = tf.relu(logits).sub(logits.mul(x)).add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return sumOverNonBatchAxes(tf.neg(bce));
  });
}
