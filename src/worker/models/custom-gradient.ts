/** A typed wrapper around tf.customGrad, whose own typings take and return untyped tensors. */
import * as tf from '@tensorflow/tfjs';

export type GradSave = (tensors: tf.Tensor[]) => void;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

export interface CustomGradientResult<O extends tf.Tensor> {
  value: O;
  /** Gradients with respect to each input, in order, given dy and the tensors passed to save(). */
  gradFunc: (dy: O, saved: tf.Tensor[]) => tf.Tensor[];
}

export function withCustomGradient<I extends tf.Tensor[], O extends tf.Tensor>(
  f: (inputs: I, save: GradSave) => CustomGradientResult<O>,
): (...inputs: I) => O {
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as GradSave;
    return f(args as I, save);
  }) as unknown as CustomGradientFunc);
  return (...inputs: I) => op(...inputs) as O;
}

/**
 * One op per combination of its settings (activation, whether dx is needed, ...), built on first use
 * and kept: tf.customGrad wraps a closure, so building it on every call would cost each step.
 */
export function opPerSettings<S extends (string | boolean)[], Op>(build: (...settings: S) => Op): (...settings: S) => Op {
  const built = new Map<string, Op>();
  return (...settings) => {
    const key = settings.join('/');
    let op = built.get(key);
    if (op === undefined) {
      op = build(...settings);
      built.set(key, op);
    }
    return op;
  };
}
