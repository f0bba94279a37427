/**
 * A dense layer y = act(x·W + b) with a hand-written gradient.
 *
 * Why: tf.matMul's stock gradient computes dy·Wᵀ and xᵀ·dy with the transposeA/transposeB flags,
 * and the wasm backend (XNNPACK) runs a flagged matMul 10–14× slower than a plain one after an
 * explicit tf.transpose. Here the backward pass transposes explicitly, which is as fast as the
 * flags on the other backends; on 'cpu-blas' it is one fused kernel (OpenBLAS with its own
 * transposes). The forward pass is one fused matMul + bias + activation kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDenseGrad } from '../blas/fused-ops';
import { opPerSettings, withCustomGradient } from './custom-gradient';

export type Activation = 'linear' | 'relu';

type DenseOp = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

function activationGradient(dy: tf.Tensor2D, y: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  // relu'(pre) = 1 where pre > 0, i.e. exactly where y = relu(pre) > 0; step(0) = 0 as in tf.relu's gradient.
  return activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
}

/**
 * The fused kernel itself: tf.fused.matMul falls back to matMul + add + relu whenever a gradient
 * is being recorded, which is always in training, though here the custom gradient below is used.
 */
function forward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  // The kernel takes batches of matrices (rank 3), as tf.fused.matMul hands them to it.
  const a = tf.reshape(x, [1, ...x.shape]);
  const kernel = tf.reshape(w, [1, ...w.shape]);
  const attrs = { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 };
  const y = tf.engine().runKernel(tf._FusedMatMul, { a, b: kernel, bias: b }, attrs) as tf.Tensor3D;
  return tf.reshape(y, [x.shape[0], w.shape[1]]);
}

/** One custom-gradient op per (activation, needs dx) pair, built once. */
const denseOp = opPerSettings((activation: Activation, inputNeedsGradient: boolean): DenseOp =>
  withCustomGradient<[tf.Tensor2D, tf.Tensor2D, tf.Tensor1D], tf.Tensor2D>(([x, w, b], save) => {
    const y = forward(x, w, b, activation);
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const fused = fusedDenseGrad(xs, ws, ys, dy, activation === 'relu', inputNeedsGradient);
        if (fused !== null) return [fused.dx ?? tf.zerosLike(xs), fused.dw, fused.db];
        const g = activationGradient(dy, ys, activation);
        const dw = tf.matMul(tf.transpose(xs), g);
        const db = tf.sum(g, 0);
        // The first layer's input is data: its gradient is never used, so skip a whole matMul
        // (as large as the layer's forward pass) and hand back zeros.
        const dx = inputNeedsGradient ? tf.matMul(g, tf.transpose(ws)) : tf.zerosLike(xs);
        return [dx, dw, db];
      },
    };
  }),
);

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
