/**
 * Convolution layers (NHWC, stride 1, 'same' padding) with a hand-written gradient, plus the
 * reshapes the models use to change resolution.
 *
 * Why: on the wasm backend tf.conv2d's stock gradient is unusable. There is no
 * Conv2DBackpropFilter kernel at all, and Conv2DBackpropInput (tf.conv2dTranspose) is a plain loop
 * that took 1.3 s for one [128, 7, 7, 64] → [128, 16, 16, 32] layer here, where XNNPACK's forward
 * convolution takes tens of milliseconds. Both gradients of a stride-1 convolution are themselves
 * stride-1 convolutions, which run on the fast kernel:
 *   dx = conv2d(pad(dy, k − 1), W rotated 180° with in/out channels swapped)      (a "full" conv)
 *   dW[i, j, c, o] = Σ_{b, p, q} x[b, p + i, q + j, c] · dy[b, p, q, o]
 *                  = conv2d(xᵀ [c, H, W, b], dyᵀ [p, q, b, o])[c, i, j, o]        (batch as channels)
 * So every convolution in the models has stride 1; downsampling is space-to-depth (2×2 blocks
 * become channels) and upsampling is nearest-neighbour, both plain data movement.
 * Padding is applied outside the custom op (tf.pad, whose gradient is a slice), so the op itself
 * only computes 'valid' convolutions.
 */
import * as tf from '@tensorflow/tfjs';
import { withCustomGradient } from './custom-gradient';
import type { Activation } from './dense';

type ConvOp = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor4D;

/** TensorFlow's 'same' padding for stride 1: k − 1 in total, the odd one after. */
export function samePadding(kernel: number): [number, number] {
  const before = Math.floor((kernel - 1) / 2);
  return [before, kernel - 1 - before];
}

function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [c, H, W, b]
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [p, q, b, o]
  return tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3]); // [c, k, k, o] → [k, k, c, o]
}

function inputGradient(dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const k = w.shape[0];
  const rotated = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [k, k, o, c]
  return tf.conv2d(tf.pad(dy, [[0, 0], [k - 1, k - 1], [k - 1, k - 1], [0, 0]]), rotated, 1, 'valid');
}

const ops = new Map<string, ConvOp>();

function convOp(activation: Activation, inputNeedsGradient: boolean): ConvOp {
  const key = `${activation}/${inputNeedsGradient}`;
  const cached = ops.get(key);
  if (cached) return cached;
  const op = withCustomGradient<[tf.Tensor4D, tf.Tensor4D, tf.Tensor1D], tf.Tensor4D>(([x, w, b], save) => {
    const y = tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', bias: b, activation });
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const g: tf.Tensor4D = activation === 'relu' ? tf.mul(dy, tf.step(ys)) : dy;
        const dx = inputNeedsGradient ? inputGradient(g, ws) : tf.zerosLike(xs);
        return [dx, filterGradient(xs, g), tf.sum(g, [0, 1, 2])];
      },
    };
  });
  ops.set(key, op);
  return op;
}

/** x [b, h, w, c] * filter [k, k, c, o] + bias, then the activation; stride 1, 'same' padding. */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, activation: Activation, inputNeedsGradient = true): tf.Tensor4D {
  const [before, after] = samePadding(filter.shape[0]);
  const padded = before + after === 0 ? x : tf.pad(x, [[0, 0], [before, after], [before, after], [0, 0]]);
  return convOp(activation, inputNeedsGradient)(padded, filter, bias);
}

/** The same layer with tf's stock gradient (cpu only: wasm lacks its filter-gradient kernel). */
export function conv2dSameReference(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, activation: Activation): tf.Tensor4D {
  return tf.tidy(() => {
    const pre = tf.add(tf.conv2d(x, filter, 1, 'same'), bias) as tf.Tensor4D;
    return activation === 'relu' ? tf.relu(pre) : pre;
  });
}

/** [b, h, w, c] → [b, h/2, w/2, 4c]: each 2×2 block becomes channels (a lossless downsampling). */
export function spaceToDepth2x(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const blocks = tf.reshape(x, [b, h / 2, 2, w / 2, 2, c]);
  return tf.reshape(tf.transpose(blocks, [0, 1, 3, 2, 4, 5]), [b, h / 2, w / 2, 4 * c]);
}

/** Nearest-neighbour ×2 upsampling; its gradient (ResizeNearestNeighborGrad) exists on every backend. */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  return tf.image.resizeNearestNeighbor(x, [x.shape[1] * 2, x.shape[2] * 2]);
}
