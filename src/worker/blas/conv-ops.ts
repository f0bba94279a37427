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

/**
 * What a layer adds after its bias and before its activation: nothing, one value per image and
 * output channel ([b, 1, 1, out], broadcast over the pixels) or one per output element.
 */
export type AddendKind = 'none' | 'perImage' | 'perElement';

/** The addend's kind from its shape and the layer's output shape [b, outH, outW, out]; an error for any other shape. */
export function addendKind(addend: { shape: readonly number[] } | null | undefined, outShape: readonly number[], kernel: string): AddendKind {
  if (addend === null || addend === undefined) return 'none';
  const [batch, , , out] = outShape as [number, number, number, number];
  if (tf.util.arraysEqual([...addend.shape], [...outShape])) return 'perElement';
  if (tf.util.arraysEqual([...addend.shape], [batch, 1, 1, out])) return 'perImage';
  throw new Error(`${kernel}: the addend must have shape [${outShape}] or [${batch},1,1,${out}], got [${addend.shape}]`);
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
  /** Added after the bias, before the activation (see AddendKind); null or absent for none. */
  addend?: tf.Tensor4D | null;
}

/** act(conv(resample(x), filter ⊙ mask) + bias + addend), stride 1, 'same' padding; null where the backend has no kernel. */
export function nativeConv2d(inputs: ConvInputs, attrs: ConvAttrs): tf.Tensor4D | null {
  if (!nativeConvActive()) return null;
  const named: tf.NamedTensorMap = { x: inputs.x, filter: inputs.filter, bias: inputs.bias };
  if (inputs.mask !== null) named.mask = inputs.mask;
  if (inputs.addend !== null && inputs.addend !== undefined) named.addend = inputs.addend;
  return tf.engine().runKernel(CONV_KERNELS.conv2d, named, { ...attrs }) as tf.Tensor4D;
}

export interface ConvGradients {
  /** null when the layer's input needs no gradient. */
  dx: tf.Tensor4D | null;
  dFilter: tf.Tensor4D;
  dBias: tf.Tensor1D;
  /** The addend's gradient, in its shape; null for a layer without one. */
  dAddend: tf.Tensor4D | null;
}

/** nativeConv2d's gradients given its output y and dy; null where the backend has no kernel. */
export function nativeConv2dGrad(
  inputs: Omit<ConvInputs, 'bias' | 'addend'>,
  y: tf.Tensor4D,
  dy: tf.Tensor4D,
  attrs: ConvAttrs,
  inputGradient: boolean,
  addend: AddendKind = 'none',
): ConvGradients | null {
  if (!nativeConvActive()) return null;
  const named: tf.NamedTensorMap = { x: inputs.x, filter: inputs.filter, y, dy };
  if (inputs.mask !== null) named.mask = inputs.mask;
  const outputs = [...(tf.engine().runKernel(CONV_KERNELS.conv2dGrad, named, { ...attrs, inputGradient, addend }) as tf.Tensor[])];
  // [dx (when asked)], dFilter, dBias, [dAddend (when the layer has one)]
  const dx = inputGradient ? (outputs.shift() as tf.Tensor4D) : null;
  const [dFilter, dBias, dAddend] = outputs as [tf.Tensor4D, tf.Tensor1D, tf.Tensor4D | undefined];
  return { dx, dFilter, dBias, dAddend: dAddend ?? null };
}
