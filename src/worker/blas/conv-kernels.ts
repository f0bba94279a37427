/**
 * The native convolutions of the 'cpu-blas' backend (packages/blas/src/conv.cc), registered as
 * TensorFlow.js kernels over tensors in the wasm heap: VwbConv2D (stride 1, 'same' padding, an
 * optional resampling of the input folded in, bias (+ an optional addend) + relu/linear epilogue,
 * optional filter mask)
 * and VwbConv2DGrad (the input, filter and bias gradients in one pass).
 *
 * Why: with XNNPACK's forward convolution and the gradients written as convolutions
 * (../models/conv), a conv-vae step spent ~45% of its time in Conv2D and another ~30% moving data
 * (the transposes of space-to-depth and of the filter gradient, ResizeNearestNeighborGrad, pads
 * and their slices). Here each layer is one kernel that reads its input where it lies, so the
 * resampling and the padding never become tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from '../../../packages/blas/index.js';
import type { WasmHeapBackend } from '../backend/wasm-heap-kernels';
import type { BlasBinding } from './blas-binding';
import { addendKind, CONV_KERNELS, RESAMPLE_CODES, type AddendKind, type ConvAttrs, type Resample } from './conv-ops';

export function registerConvKernels(blas: BlasBinding, backendName: string): void {
  tf.registerKernel({
    kernelName: CONV_KERNELS.conv2d,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, filter, bias, mask, addend } = inputs as unknown as Partial<Record<'x' | 'filter' | 'bias' | 'mask' | 'addend', tf.TensorInfo>>;
      const { geometry, activation } = checked(CONV_KERNELS.conv2d, x, filter, bias, mask, attrs as unknown as ConvAttrs);
      const outShape = [geometry[0], geometry[9], geometry[10], geometry[6]];
      if (addend !== undefined) addendKind(float32(addend, 'addend', CONV_KERNELS.conv2d), outShape, CONV_KERNELS.conv2d);
      const heap = backend as unknown as WasmHeapBackend;
      // Outputs first: allocating can grow the heap, which detaches views taken earlier.
      const out = heap.makeOutput(outShape, 'float32');
      const view = (t: tf.TensorInfo | undefined) => (t === undefined ? null : (heap.typedArrayFromHeap(t) as Float32Array));
      blas.conv2d(view(x) as Float32Array, view(filter) as Float32Array, view(mask), view(bias), view(addend), geometry, activation === 'relu', view(out) as Float32Array);
      return out;
    },
  });

  tf.registerKernel({
    kernelName: CONV_KERNELS.conv2dGrad,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, filter, mask, y, dy } = inputs as unknown as Partial<Record<'x' | 'filter' | 'mask' | 'y' | 'dy', tf.TensorInfo>>;
      const convAttrs = attrs as unknown as ConvAttrs & { inputGradient: boolean; addend: AddendKind };
      const { geometry, activation } = checked(CONV_KERNELS.conv2dGrad, x, filter, undefined, mask, convAttrs);
      const outShape = [geometry[0], geometry[9], geometry[10], geometry[6]];
      const relu = activation === 'relu';
      sameShape(dy, outShape, 'dy', CONV_KERNELS.conv2dGrad);
      if (relu) sameShape(y, outShape, 'y', CONV_KERNELS.conv2dGrad);
      const heap = backend as unknown as WasmHeapBackend;
      const xInfo = x as tf.TensorInfo;
      const filterInfo = filter as tf.TensorInfo;
      const dx = convAttrs.inputGradient ? heap.makeOutput(xInfo.shape, 'float32') : null;
      const dFilter = heap.makeOutput(filterInfo.shape, 'float32');
      const dBias = heap.makeOutput([geometry[6]], 'float32');
      const addend = convAttrs.addend ?? 'none';
      if (addend !== 'none' && addend !== 'perImage' && addend !== 'perElement') throw new Error(`${CONV_KERNELS.conv2dGrad}: addend must be none, perImage or perElement, got ${String(addend)}`);
      const dAddend = addend === 'none' ? null : heap.makeOutput(addend === 'perImage' ? [geometry[0], 1, 1, geometry[6]] : outShape, 'float32');
      const view = (t: tf.TensorInfo | null | undefined) => (t === null || t === undefined ? null : (heap.typedArrayFromHeap(t) as Float32Array));
      blas.conv2dGrad(
        view(xInfo) as Float32Array,
        view(filterInfo) as Float32Array,
        view(mask),
        relu ? view(y) : null,
        view(dy) as Float32Array,
        geometry,
        relu,
        view(dx),
        view(dFilter) as Float32Array,
        view(dBias) as Float32Array,
        view(dAddend),
      );
      return [...(dx === null ? [] : [dx]), dFilter, dBias, ...(dAddend === null ? [] : [dAddend])];
    },
  });
}

/** The native geometry of a convolution, after checking every input's dtype and shape (a wrong one is an error naming it). */
function checked(
  kernel: string,
  x: tf.TensorInfo | undefined,
  filter: tf.TensorInfo | undefined,
  bias: tf.TensorInfo | undefined,
  mask: tf.TensorInfo | undefined,
  attrs: ConvAttrs,
): { geometry: ConvGeometry; activation: ConvAttrs['activation'] } {
  const xs = float32(x, 'x', kernel);
  const fs = float32(filter, 'filter', kernel);
  if (xs.shape.length !== 4) throw new Error(`${kernel}: x must be [batch, height, width, channels], got shape [${xs.shape}]`);
  if (fs.shape.length !== 4) throw new Error(`${kernel}: the filter must be [kernelH, kernelW, in, out], got shape [${fs.shape}]`);
  const [batch, height, width, channels] = xs.shape as [number, number, number, number];
  const [kernelH, kernelW, inChannels, outChannels] = fs.shape as [number, number, number, number];
  const resample: Resample = attrs.resample;
  if (!(resample in RESAMPLE_CODES)) throw new Error(`${kernel}: resample must be one of ${Object.keys(RESAMPLE_CODES).join(', ')}, got ${String(resample)}`);
  if (resample === 'spaceToDepth' && (height % 2 !== 0 || width % 2 !== 0)) {
    throw new Error(`${kernel}: space-to-depth needs even image sides, got ${height}×${width}`);
  }
  const [vh, vw, vc] = virtualShape(resample, height, width, channels);
  if (inChannels !== vc) {
    throw new Error(`${kernel}: the filter [${fs.shape}] takes ${inChannels} input channels, but x [${xs.shape}] gives ${vc}${resample === 'none' ? '' : ` after ${resample}`}`);
  }
  if (kernelH < 1 || kernelW < 1) throw new Error(`${kernel}: the filter must be at least 1×1, got [${fs.shape}]`);
  if (bias !== undefined) sameShape(float32(bias, 'bias', kernel), [outChannels], 'bias', kernel);
  if (mask !== undefined) sameShape(float32(mask, 'mask', kernel), fs.shape, 'mask', kernel);
  if (attrs.activation !== 'relu' && attrs.activation !== 'linear') throw new Error(`${kernel}: activation must be relu or linear, got ${String(attrs.activation)}`);
  // TensorFlow's 'same' padding for stride 1: k − 1 in total, the odd one after.
  const padTop = Math.floor((kernelH - 1) / 2);
  const padLeft = Math.floor((kernelW - 1) / 2);
  const geometry: ConvGeometry = [batch, height, width, channels, kernelH, kernelW, outChannels, padTop, padLeft, vh, vw, RESAMPLE_CODES[resample]];
  return { geometry, activation: attrs.activation };
}

/** [height, width, channels] the convolution sees after the resampling. */
function virtualShape(resample: Resample, height: number, width: number, channels: number): [number, number, number] {
  switch (resample) {
    case 'none':
      return [height, width, channels];
    case 'spaceToDepth':
      return [height / 2, width / 2, 4 * channels];
    case 'upsample':
      return [2 * height, 2 * width, channels];
  }
}

function float32(t: tf.TensorInfo | undefined, name: string, kernel: string): tf.TensorInfo {
  if (t === undefined) throw new Error(`${kernel}: the input ${name} is missing`);
  if (t.dtype !== 'float32') throw new Error(`${kernel}: ${name} must be float32, got ${t.dtype}`);
  return t;
}

function sameShape(t: tf.TensorInfo | undefined, shape: readonly number[], name: string, kernel: string): void {
  const info = float32(t, name, kernel);
  if (!tf.util.arraysEqual(info.shape, [...shape])) throw new Error(`${kernel}: ${name} must have shape [${shape}], got [${info.shape}]`);
}
