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
 *
 * On 'cpu-blas' a whole layer (resampling, padding, convolution, bias, activation, and all three
 * gradients) is instead one native kernel each way (../blas/conv-kernels): `convLayer` picks.
 */
import * as tf from '@tensorflow/tfjs';
import { addendKind, nativeConv2d, nativeConv2dGrad, nativeConvActive, type AddendKind, type Resample } from '../blas/conv-ops';
import { opPerSettings, withCustomGradient } from './custom-gradient';
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

const convOp = opPerSettings((activation: Activation, inputNeedsGradient: boolean): ConvOp =>
  withCustomGradient<[tf.Tensor4D, tf.Tensor4D, tf.Tensor1D], tf.Tensor4D>(([x, w, b], save) => {
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
  }),
);

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

/**
 * Nearest-neighbour ×2 upsampling as a tile of each pixel into a 2×2 block. Not
 * tf.image.resizeNearestNeighbor: the 'cpu' backend's ResizeNearestNeighborGrad (tfjs 4.22) indexes
 * dy with the input's batch stride, so its gradient is wrong for every image after the first.
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  // Two rank-4 tiles (tfjs has Tile's gradient up to rank 4 only): columns, then rows.
  const columns = tf.reshape(tf.tile(tf.reshape(x, [b * h, w, 1, c]), [1, 1, 2, 1]), [b * h, 1, 2 * w, c]);
  return tf.reshape(tf.tile(columns, [1, 2, 1, 1]), [b, 2 * h, 2 * w, c]);
}

export interface ConvLayerOptions {
  /** How the input is resampled before the convolution (default none). */
  resample?: Resample;
  /** false for a layer whose input is data: its gradient is zeros, never computed (default true). */
  inputNeedsGradient?: boolean;
  /** A fixed mask multiplied into the filter (autoregressive convolutions), or null (default). */
  mask?: tf.Tensor4D | null;
  /**
   * Added after the bias and before the activation: [b, outH, outW, out], or [b, 1, 1, out] for one
   * value per image and channel (a conditioning vector); null (default) for none. On 'cpu-blas'
   * the addition, the activation and their gradients stay inside the layer's kernels.
   */
  addend?: tf.Tensor4D | null;
}

type NativeConvOp = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, mask: tf.Tensor4D | null, addend: tf.Tensor4D | null) => tf.Tensor4D;

const LEFT_BACKEND = "the native convolution kernels left the backend mid-step (it is no longer 'cpu-blas')";

const nativeConvOp = opPerSettings((activation: Activation, resample: Resample, inputNeedsGradient: boolean, masked: boolean, addend: AddendKind): NativeConvOp => {
  const attrs = { activation, resample };
  // Inputs: x, filter, bias, then the mask and the addend where the layer has them.
  const op = withCustomGradient<tf.Tensor[], tf.Tensor4D>((inputs, save) => {
    const [x, filter, bias, ...rest] = inputs as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, ...tf.Tensor4D[]];
    const mask = masked ? (rest[0] as tf.Tensor4D) : null;
    const y = nativeConv2d({ x, filter, bias, mask, addend: addend === 'none' ? null : (rest.at(-1) as tf.Tensor4D) }, attrs);
    if (y === null) throw new Error(LEFT_BACKEND);
    save(mask === null ? [x, filter, y] : [x, filter, y, mask]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, fs, ys, ms] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D | undefined];
        const grads = nativeConv2dGrad({ x: xs, filter: fs, mask: ms ?? null }, ys, dy, attrs, inputNeedsGradient, addend);
        if (grads === null) throw new Error(LEFT_BACKEND);
        // The mask is fixed: no gradient flows into it.
        return [grads.dx ?? tf.zerosLike(xs), grads.dFilter, grads.dBias, ...(ms === undefined ? [] : [tf.zerosLike(ms)]), ...(grads.dAddend === null ? [] : [grads.dAddend])];
      },
    };
  });
  return (x, w, b, mask, extra) => op(x, w, b, ...(mask === null ? [] : [mask]), ...(extra === null ? [] : [extra]));
});

/**
 * One convolution layer: act(conv(resample(x), filter ⊙ mask) + bias + addend), stride 1, 'same'
 * padding. One native kernel each way on 'cpu-blas'; elsewhere the composite of the functions above.
 */
export function convLayer(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, activation: Activation, options: ConvLayerOptions = {}): tf.Tensor4D {
  const resample = options.resample ?? 'none';
  const inputNeedsGradient = options.inputNeedsGradient ?? true;
  const mask = options.mask ?? null;
  const addend = options.addend ?? null;
  if (nativeConvActive()) {
    const [batch, height, width] = x.shape;
    const scale = resample === 'spaceToDepth' ? 0.5 : resample === 'upsample' ? 2 : 1;
    const kind = addendKind(addend, [batch, height * scale, width * scale, filter.shape[3]], 'convLayer');
    return nativeConvOp(activation, resample, inputNeedsGradient, mask !== null, kind)(x, filter, bias, mask, addend);
  }
  const input = resample === 'spaceToDepth' ? spaceToDepth2x(x) : resample === 'upsample' ? upsample2x(x) : x;
  const masked = mask === null ? filter : (tf.mul(filter, mask) as tf.Tensor4D);
  if (addend === null) return conv2dSame(input, masked, bias, activation, inputNeedsGradient);
  const sum = tf.add(conv2dSame(input, masked, bias, 'linear', inputNeedsGradient), addend) as tf.Tensor4D;
  return activation === 'relu' ? tf.relu(sum) : sum;
}

/**
 * The mask of a PixelCNN-style causal convolution (van den Oord et al. 2016), [k, k, in, out]:
 * each output pixel sees only the pixels above it and to its left in raster order, and the
 * centre pixel itself only in type 'B' (every layer after the first), never in type 'A'.
 */
export function causalMask(kernel: number, inChannels: number, outChannels: number, type: 'A' | 'B'): tf.Tensor4D {
  const centre = Math.floor(kernel / 2);
  const values = new Float32Array(kernel * kernel * inChannels * outChannels);
  for (let i = 0; i < kernel; i++) {
    for (let j = 0; j < kernel; j++) {
      const visible = i < centre || (i === centre && (j < centre || (j === centre && type === 'B')));
      if (visible) values.fill(1, (i * kernel + j) * inChannels * outChannels, (i * kernel + j + 1) * inChannels * outChannels);
    }
  }
  return tf.tensor4d(values, [kernel, kernel, inChannels, outChannels]);
}
