/**
 * The 'cpu-blas' backend: the wasm backend's kernels, with the matrix products (BatchMatMul and
 * _FusedMatMul) computed by OpenBLAS's sgemm from the optional native package vae-workbench-blas.
 *
 * Why wasm underneath and not tfjs's 'cpu' backend: with native matmuls, a mnist-vae step on 'cpu'
 * still took ~500 ms, nearly all in its JavaScript elementwise kernels (Adam's updates over 650k
 * parameters, broadcasting adds, axis sums through a generic transpose); XNNPACK does the same
 * elementwise work in ~10 ms. Matmul was the only part of the wasm step that needed replacing.
 *
 * Why the wasm backend's own instance under a second name: kernels are looked up by backend name,
 * so 'cpu-blas' carries its own BatchMatMul while 'wasm' keeps XNNPACK's, both usable in one
 * process, and tf.getBackend() says which one runs. A second BackendWasm instance is not possible:
 * every instance registers tensors by id in the one wasm module's global table, and the ids of two
 * instances collide. Sharing the instance also means tensors never move between the two.
 */
import * as tf from '@tensorflow/tfjs';
import type { BlasBinding } from './blas-binding';
import type { WasmHeapBackend } from '../backend/wasm-heap-kernels';
import { registerConvKernels } from './conv-kernels';
import { registerFusedKernels } from './fused-kernels';

export const CPU_BLAS_BACKEND = 'cpu-blas';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

interface FusedMatMulAttrs extends MatMulAttrs {
  activation: string;
}

interface FusedMatMulInputs {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  bias?: tf.TensorInfo;
  preluActivationWeights?: tf.TensorInfo;
}

/**
 * Registers 'cpu-blas' over the already initialized 'wasm' backend. Idempotent: a later selection
 * in the same process reuses the kernels, and re-adds the backend if tf.removeBackend took it.
 */
export function registerCpuBlasBackend(blas: BlasBinding): void {
  const wasm = tf.findBackend('wasm');
  if (wasm === null) throw new Error("the 'wasm' backend must be initialized before 'cpu-blas' is registered");
  if (aliasedWasm === null) {
    registerKernels(blas);
    aliasedWasm = wasm;
  } else if (aliasedWasm !== wasm) {
    throw new Error("the 'wasm' backend was re-created after 'cpu-blas' was registered over it; 'cpu-blas' cannot follow it");
  }
  if (tf.findBackendFactory(CPU_BLAS_BACKEND) === null) tf.registerBackend(CPU_BLAS_BACKEND, () => aliasOf(wasm), 0);
}

/** The wasm instance 'cpu-blas' runs on; kernels are registered once per process, with it. */
let aliasedWasm: tf.KernelBackend | null = null;

/**
 * The wasm instance seen through a proxy whose dispose() does nothing: 'wasm' owns the instance,
 * and tf.removeBackend('cpu-blas') or engine.reset() must not free it under 'wasm' (nor free it
 * twice). Everything else, writes included, goes straight to the instance.
 */
function aliasOf(wasm: tf.KernelBackend): tf.KernelBackend {
  return new Proxy(wasm, {
    get: (target, property) => {
      if (property === 'dispose') return () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The wasm kernels 'cpu-blas' has its own versions of (Identity, Slice and GatherV2 it shares: ../backend/wasm-heap-kernels). */
const REPLACED = new Set<string>([tf.BatchMatMul, tf._FusedMatMul]);

function registerKernels(blas: BlasBinding): void {
  const stockFusedMatMul = wasmKernel(tf._FusedMatMul);
  for (const config of tf.getKernelsForBackend('wasm')) {
    if (REPLACED.has(config.kernelName)) continue;
    tf.registerKernel({ ...config, backendName: CPU_BLAS_BACKEND });
  }
  registerFusedKernels(blas, CPU_BLAS_BACKEND);
  registerConvKernels(blas, CPU_BLAS_BACKEND);
  tf.registerKernel({
    kernelName: tf.BatchMatMul,
    backendName: CPU_BLAS_BACKEND,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
      return blasMatMul(blas, backend as unknown as WasmHeapBackend, a, b, attrs as unknown as MatMulAttrs);
    },
  });
  tf.registerKernel({
    kernelName: tf._FusedMatMul,
    backendName: CPU_BLAS_BACKEND,
    kernelFunc: (args) => {
      const inputs = args.inputs as unknown as FusedMatMulInputs;
      const attrs = args.attrs as unknown as FusedMatMulAttrs;
      const backend = args.backend as unknown as WasmHeapBackend;
      // The dense layers' epilogues (a bias per column or per element, then linear or relu) run
      // in place on sgemm's output; any other fusion keeps XNNPACK's kernel.
      if (inputs.preluActivationWeights !== undefined || (attrs.activation !== 'linear' && attrs.activation !== 'relu')) {
        return stockFusedMatMul(args);
      }
      if (inputs.bias !== undefined && inputs.bias.dtype !== 'float32') return stockFusedMatMul(args);
      const biasSize = inputs.bias === undefined ? 0 : tf.util.sizeFromShape(inputs.bias.shape);
      const [, columns] = matrixDims(inputs.b.shape, attrs.transposeB);
      const [rows] = matrixDims(inputs.a.shape, attrs.transposeA);
      const outSize = tf.util.sizeFromShape(tf.broadcast_util.assertAndGetBroadcastShape(inputs.a.shape.slice(0, -2), inputs.b.shape.slice(0, -2))) * rows * columns;
      if (inputs.bias !== undefined && biasSize !== columns && biasSize !== outSize) return stockFusedMatMul(args);
      const out = blasMatMul(blas, backend, inputs.a, inputs.b, attrs);
      const values = backend.typedArrayFromHeap(out) as Float32Array;
      const bias = inputs.bias === undefined ? null : (backend.typedArrayFromHeap(inputs.bias) as Float32Array);
      // The bias repeats along the values: one row's worth, or all of them.
      const width = bias === null ? values.length : bias.length;
      blas.biasActivate(values, bias, width === 0 ? 0 : values.length / width, width, attrs.activation === 'relu');
      return out;
    },
  });
}

function wasmKernel(name: string): tf.KernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`the wasm backend has no ${name} kernel`);
  return config.kernelFunc;
}

/**
 * op(a)·op(b) with tfjs's shape rules: leading batch dimensions broadcast (one side may hold a
 * single matrix), the last two multiply.
 */
function blasMatMul(blas: BlasBinding, backend: WasmHeapBackend, a: tf.TensorInfo, b: tf.TensorInfo, attrs: MatMulAttrs): tf.TensorInfo {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`matMul on 'cpu-blas' needs float32 tensors, got ${a.dtype} and ${b.dtype}`);
  }
  const [m, k] = matrixDims(a.shape, attrs.transposeA);
  const [kB, n] = matrixDims(b.shape, attrs.transposeB);
  if (k !== kB) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${attrs.transposeA} and transposeB=${attrs.transposeB} must match.`,
    );
  }
  const outerDims = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(outerDims);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) {
    throw new Error(`matMul on 'cpu-blas' broadcasts a single matrix only; got batch shapes ${a.shape.slice(0, -2)} and ${b.shape.slice(0, -2)}`);
  }
  // The output is allocated first: allocating can grow the wasm heap, which detaches any view
  // of it taken earlier.
  const out = backend.makeOutput([...outerDims, m, n], 'float32');
  const outValues = backend.typedArrayFromHeap(out) as Float32Array;
  const aValues = backend.typedArrayFromHeap(a) as Float32Array;
  const bValues = backend.typedArrayFromHeap(b) as Float32Array;
  blas.sgemm(attrs.transposeA, attrs.transposeB, batch, m, n, k, aValues, batchA === 1 ? 0 : m * k, bValues, batchB === 1 ? 0 : k * n, outValues);
  return out;
}

/** [rows, columns] of op(x) for the last two dimensions of x. */
function matrixDims(shape: number[], transposed: boolean): [number, number] {
  if (shape.length < 2) throw new Error(`matMul needs tensors of rank ≥ 2, got shape [${shape}]`);
  const rows = shape[shape.length - 2] as number;
  const columns = shape[shape.length - 1] as number;
  return transposed ? [columns, rows] : [rows, columns];
}
