/**
 * Ops backed by the native convolution kernels (./conv-kernels) where the active backend has them
 * ('cpu-blas'); each returns null elsewhere, and ../models/conv composes the same layer from
 * TensorFlow.js ops, which is also what the tests compare the native results against.
 */
import * as tf from '@tensorflow/tfjs';

/** Kernel names carry `Vwb` (VAE WorkBench) so they never collide with TensorFlow.js's own kernels. */
export const CONV_KERNELS = {
  conv2d: 'VwbConv2D',
  conv2dGrad: 'VwbConv2DGrad',
} as const;

/**
 * How a layer's input is resampled before its convolution reads it: not at all, space-to-depth
 * of 2×2 blocks ([b, h, w, c] → [b, h/2, w/2, 4c]) or nearest-neighbour ×2 upsampling.
 */
export type Resample = 'none' | 'spaceToDepth' | 'upsample';

/** The native geometry's code for each resampling (packages/blas/src/conv-geometry.h). */
export const RESAMPLE_CODES = { none: 0, spaceToDepth: 1, upsample: 2 } as const satisfies Record<Resample, number>;

export interface ConvAttrs {
  resample: Resample;
  activation: 'relu' | 'linear';
}

/** Whether the active backend runs the native convolutions. */
export function nativeConvActive(): boolean {
  return tf.getKernel(CONV_KERNELS.conv2d, tf.getBackend()) !== undefined;
}

export interface ConvInputs {
  x: tf.Tensor4D;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
  /** A fixed 0/1 mask on the filter (autoregressive convolutions), or null. */
  mask: tf.Tensor4D | null;
}

/** act(conv(resample(x), filter ⊙ mask) + bias), stride 1, 'same' padding; null where the backend has no kernel. */
export function nativeConv2d(inputs: ConvInputs, attrs: ConvAttrs): tf.Tensor4D | null {
  if (!nativeConvActive()) return null;
  const named: tf.NamedTensorMap = { x: inputs.x, filter: inputs.filter, bias: inputs.bias };
  if (inputs.mask !== null) named.mask = inputs.mask;
  return tf.engine().runKernel(CONV_KERNELS.conv2d, named, { ...attrs }) as tf.Tensor4D;
}

export interface ConvGradients {
  /** null when the layer's input needs no gradient. */
  dx: tf.Tensor4D | null;
  dFilter: tf.Tensor4D;
  dBias: tf.Tensor1D;
}

/** nativeConv2d's gradients given its output y and dy; null where the backend has no kernel. */
export function nativeConv2dGrad(inputs: Omit<ConvInputs, 'bias'>, y: tf.Tensor4D, dy: tf.Tensor4D, attrs: ConvAttrs, inputGradient: boolean): ConvGradients | null {
  if (!nativeConvActive()) return null;
  const named: tf.NamedTensorMap = { x: inputs.x, filter: inputs.filter, y, dy };
  if (inputs.mask !== null) named.mask = inputs.mask;
  const outputs = tf.engine().runKernel(CONV_KERNELS.conv2dGrad, named, { ...attrs, inputGradient }) as tf.Tensor[];
  if (inputGradient) {
    const [dx, dFilter, dBias] = outputs as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
    return { dx, dFilter, dBias };
  }
  const [dFilter, dBias] = outputs as [tf.Tensor4D, tf.Tensor1D];
  return { dx: null, dFilter, dBias };
}
