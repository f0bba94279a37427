import type * as tf from '@tensorflow/tfjs';

/** Throws a RangeError naming the function and both shapes when two tensors differ in shape. */
export function assertSameShape(where: string, a: tf.Tensor, aName: string, b: tf.Tensor, bName: string): void {
  const same = a.rank === b.rank && a.shape.every((size, i) => size === b.shape[i]);
  if (!same) {
    throw new RangeError(`${where}: ${aName} has shape [${a.shape.join(', ')}] but ${bName} has shape [${b.shape.join(', ')}]`);
  }
}
