/**
 * The fused training kernels of the 'cpu-blas' backend (packages/blas/src/fused.cc and fused-training.cc), registered as
 * TensorFlow.js kernels so they run on tensors in the wasm heap, in place of whole chains of ops.
 *
 * Why: with OpenBLAS doing the matmuls, a mnist-vae step on 'cpu-blas' still spent two thirds of
 * its time outside them, in ~300 small kernels (Adam alone is a dozen passes over each weight, the
 * Bernoulli likelihood ten over the logits); each of these kernels does such a chain in one pass.
 * The ops that use them (./fused-ops) keep the composite TensorFlow.js form on every other backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeapBackend } from '../backend/wasm-heap-kernels';
import type { BlasBinding } from './blas-binding';
import { FUSED } from './fused-ops';


export function registerFusedKernels(blas: BlasBinding, backendName: string): void {
  /** A float32 view of a tensor in the wasm heap; take views only after allocating the outputs (allocating can grow the heap, detaching earlier views). */
  type View = (info: tf.TensorInfo) => Float32Array;
  type FusedKernel = (inputs: Record<string, tf.TensorInfo>, backend: WasmHeapBackend, attrs: Record<string, unknown>, view: View) => tf.TensorInfo | tf.TensorInfo[];
  const register = (kernelName: string, kernelFunc: FusedKernel) =>
    tf.registerKernel({
      kernelName,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const heap = backend as unknown as WasmHeapBackend;
        const view: View = (info) => heap.typedArrayFromHeap(info) as Float32Array;
        return kernelFunc(inputs as unknown as Record<string, tf.TensorInfo>, heap, attrs as Record<string, unknown>, view);
      },
    });

  register(FUSED.denseGrad, (inputs, backend, attrs, view) => {
    const { x, w, y, dy } = required(inputs, FUSED.denseGrad, ['x', 'w', 'y', 'dy']);
    const [batch, inputSize] = matrix(x, 'x');
    const [kernelRows, outputSize] = matrix(w, 'w');
    if (kernelRows !== inputSize) throw new Error(`${FUSED.denseGrad}: x is [${x.shape}] but the kernel is [${w.shape}]`);
    sameShape(y, [batch, outputSize], 'y');
    sameShape(dy, [batch, outputSize], 'dy');
    const dx = attrs.inputGradient === true ? backend.makeOutput([batch, inputSize], 'float32') : null;
    const dw = backend.makeOutput([inputSize, outputSize], 'float32');
    const db = backend.makeOutput([outputSize], 'float32');
    blas.denseGrad(view(x), view(w), view(y), view(dy), batch, inputSize, outputSize, attrs.relu === true, dx && view(dx), view(dw), view(db));
    return dx === null ? [dw, db] : [dx, dw, db];
  });

  register(FUSED.bernoulli, (inputs, backend, _attrs, view) => {
    const { x, logits } = required(inputs, FUSED.bernoulli, ['x', 'logits']);
    const [rows, cols] = matrix(logits, 'logits');
    sameShape(x, logits.shape, 'x');
    const out = backend.makeOutput([rows], 'float32');
    blas.bernoulli(view(x), view(logits), rows, cols, view(out));
    return out;
  });

  register(FUSED.bernoulliGrad, (inputs, backend, _attrs, view) => {
    const { x, logits, dy } = required(inputs, FUSED.bernoulliGrad, ['x', 'logits', 'dy']);
    const [rows, cols] = matrix(logits, 'logits');
    sameShape(x, logits.shape, 'x');
    sameShape(dy, [rows], 'dy');
    const out = backend.makeOutput([rows, cols], 'float32');
    blas.bernoulliGrad(view(x), view(logits), view(dy), rows, cols, view(out));
    return out;
  });

  register(FUSED.gaussianLatent, (inputs, backend, attrs, view) => {
    const { h, eps } = required(inputs, FUSED.gaussianLatent, ['h', 'eps']);
    const [rows, dims] = latentShape(h, eps);
    const outputs = [0, 1, 2, 3].map(() => backend.makeOutput([rows, dims], 'float32'));
    const [mu, logVar, z, kl] = outputs.map(view) as [Float32Array, Float32Array, Float32Array, Float32Array];
    blas.gaussianLatent(view(h), view(eps), rows, dims, attrs.clamp === true, attrs.min as number, attrs.max as number, mu, logVar, z, kl);
    return outputs;
  });

  // The forward kernel has four outputs, which tf.customGrad cannot express: its gradient is
  // registered with the kernel instead, and the engine passes one dy per output (zeros for unused ones).
  tf.registerGradient({
    kernelName: FUSED.gaussianLatent,
    inputsToSave: ['h', 'eps'],
    gradFunc: (dy, saved, attrs) => {
      const [h, eps] = saved as [tf.Tensor2D, tf.Tensor2D];
      const [dMu, dLogVar, dZ, dKl] = dy as tf.Tensor2D[];
      return {
        h: () => tf.engine().runKernel(FUSED.gaussianLatentGrad, { h, eps, dMu, dLogVar, dZ, dKl } as unknown as tf.NamedTensorMap, attrs) as tf.Tensor,
        // ε is noise drawn outside the model: it needs no gradient.
        eps: () => tf.zerosLike(eps),
      };
    },
  });

  register(FUSED.gaussianLatentGrad, (inputs, backend, attrs, view) => {
    const { h, eps, dMu, dLogVar, dZ, dKl } = required(inputs, FUSED.gaussianLatentGrad, ['h', 'eps', 'dMu', 'dLogVar', 'dZ', 'dKl']);
    const [rows, dims] = latentShape(h, eps);
    for (const [name, t] of [['dMu', dMu], ['dLogVar', dLogVar], ['dZ', dZ], ['dKl', dKl]] as const) sameShape(t, [rows, dims], name);
    const dh = backend.makeOutput([rows, 2 * dims], 'float32');
    const clamp = attrs.clamp === true;
    blas.gaussianLatentGrad(view(h), view(eps), view(dMu), view(dLogVar), view(dZ), view(dKl), rows, dims, clamp, attrs.min as number, attrs.max as number, view(dh));
    return dh;
  });

  register(FUSED.globalNorm, (inputs, backend, _attrs, view) => {
    const tensors = Object.keys(inputs)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => float32(inputs[key] as tf.TensorInfo, `gradient ${key}`));
    const out = backend.makeOutput([], 'float32');
    const norm = Math.sqrt(blas.sumOfSquares(tensors.map(view)));
    view(out)[0] = norm;
    return out;
  });

  register(FUSED.adam, (inputs, backend, attrs, view) => {
    const { value, gradient, m, v, accBeta1, accBeta2 } = required(inputs, FUSED.adam, ['value', 'gradient', 'm', 'v', 'accBeta1', 'accBeta2']);
    for (const [name, t] of [['gradient', gradient], ['m', m], ['v', v]] as const) sameShape(t, value.shape, name);
    const outputs = [value, m, v].map((t) => backend.makeOutput(t.shape, 'float32'));
    const scalarOf = (info: tf.TensorInfo | undefined, fallback: number) => (info === undefined ? fallback : (view(info)[0] as number));
    const [valueOut, mOut, vOut] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    // The bias corrections as tf.train.adam forms them: 1 − β^t in float32.
    blas.adam(
      view(value),
      view(gradient),
      view(m),
      view(v),
      view(valueOut),
      view(mOut),
      view(vOut),
      scalarOf(inputs.gradScale, 1),
      attrs.learningRate as number,
      attrs.beta1 as number,
      attrs.beta2 as number,
      // tf.train.adam multiplies by (1 − β) computed in double, then rounded to float32.
      Math.fround(1 - (attrs.beta1 as number)),
      Math.fround(1 - (attrs.beta2 as number)),
      attrs.epsilon as number,
      Math.fround(1 - scalarOf(accBeta1, 0)),
      Math.fround(1 - scalarOf(accBeta2, 0)),
    );
    return outputs;
  });
}

function required<K extends string>(inputs: Record<string, tf.TensorInfo>, kernel: string, names: K[]): Record<K, tf.TensorInfo> {
  for (const name of names) {
    const input = inputs[name];
    if (input === undefined) throw new Error(`${kernel}: input "${name}" is missing`);
    float32(input, name);
  }
  return inputs as Record<K, tf.TensorInfo>;
}

function float32(t: tf.TensorInfo, name: string): tf.TensorInfo {
  if (t.dtype !== 'float32') throw new Error(`${name} must be float32, got ${t.dtype}`);
  return t;
}

function matrix(t: tf.TensorInfo, name: string): [number, number] {
  if (t.shape.length !== 2) throw new Error(`${name} must be a matrix, got shape [${t.shape}]`);
  return [t.shape[0] as number, t.shape[1] as number];
}

/** [rows, latent] from h [rows, 2·latent] and ε [rows, latent]. */
function latentShape(h: tf.TensorInfo, eps: tf.TensorInfo): [number, number] {
  const [rows, width] = matrix(h, 'h');
  if (width % 2 !== 0) throw new Error(`h must hold μ and log σ² side by side (an even width), got shape [${h.shape}]`);
  sameShape(eps, [rows, width / 2], 'eps');
  return [rows, width / 2];
}

function sameShape(t: tf.TensorInfo, shape: readonly number[], name: string): void {
  if (!tf.util.arraysEqual(t.shape, [...shape])) throw new Error(`${name} must have shape [${shape}], got [${t.shape}]`);
}
