/**
 * A dense layer y = act(x·W + b) with a hand-written gradient.
 *
 * Why: tf.matMul's stock gradient computes dy·Wᵀ and xᵀ·dy with the transposeA/transposeB flags,
 * and the wasm backend (XNNPACK) runs a flagged matMul 10–14× slower than a plain one after an
 * explicit tf.transpose. Here the backward pass transposes explicitly, which is as fast as the
 * flags on the other backends. The forward pass is one fused matMul + bias + activation kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { withCustomGradient } from './custom-gradient';

export type Activation = 'linear' | 'relu';

type DenseOp = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

function activationGradient(dy: tf.Tensor2D, y: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  // relu'(pre) = 1 where pre > 0, i.e. exactly where y = relu(pre) > 0; step(0) = 0 as in tf.relu's gradient.
  return activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
}

const forward = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D =>
  tf.fused.matMul({ a: x, b: w, bias: b, activation }) as tf.Tensor2D;

/** One custom-gradient op per (activation, needs dx) pair, built once. */
const ops = new Map<string, DenseOp>();

function denseOp(activation: Activation, inputNeedsGradient: boolean): DenseOp {
  const key = `${activation}/${inputNeedsGradient}`;
  const cached = ops.get(key);
  if (cached) return cached;
  const op = withCustomGradient<[tf.Tensor2D, tf.Tensor2D, tf.Tensor1D], tf.Tensor2D>(([x, w, b], save) => {
    const y = forward(x, w, b, activation);
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const g = activationGradient(dy, ys, activation);
        const dw = tf.matMul(tf.transpose(xs), g);
        const db = tf.sum(g, 0);
        // The first layer's input is data: its gradient is never used, so skip a whole matMul
        // (as large as the layer's forward pass) and hand back zeros.
        const dx = inputNeedsGradient ? tf.matMul(g, tf.transpose(ws)) : tf.zerosLike(xs);
        return [dx, dw, db];
      },
    };
  });
  ops.set(key, op);
  return op;
}

/**
 * x [batch, in] · kernel [in, out] + bias [out], then the activation.
 * `inputNeedsGradient: false` for layers whose input is data (no parameter upstream).
 */
export function dense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: Activation,
  inputNeedsGradient = true,
): tf.Tensor2D {
  return denseOp(activation, inputNeedsGradient)(x, kernel, bias);
}

/** The same layer with tf's stock gradient, the reference the tests compare against. */
export function denseReference(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  return tf.tidy(() => {
    const pre = tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D;
    return activation === 'relu' ? tf.relu(pre) : pre;
  });
}

/** A plain matMul a·b whose gradient also avoids the transpose flags (used by the VQ codebook lookup). */
export const matMulExplicitTranspose = withCustomGradient<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>(([a, b], save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, saved) => {
      const [as, bs] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(bs)), tf.matMul(tf.transpose(as), dy)];
    },
  };
});
