/**
 * Three of tfjs-backend-wasm's kernels, replaced in the 'wasm' backend itself (and so in 'cpu-blas',
 * which copies wasm's kernels) by versions that work on views of the wasm heap:
 * - Identity shares the input's data, as the cpu backend's does, where wasm's copies it. tfjs
 *   clones every tensor a kernel saves for its gradient through Identity (the weights and
 *   activations of every layer, ~40 per mnist-vae step), and no kernel writes into its inputs.
 * - Slice of one contiguous block (rows of the held-out set, a batch of the epoch's order) copies
 *   from a view: wasm's kernel first copies ALL of x out of the heap (readSync), 31 MB for each
 *   500-row slice of the MNIST test set.
 * - GatherV2 of whole rows along the first axis (a training batch from the dataset) copies row by
 *   row: wasm's took 3.7 ms for 128 MNIST rows, as long as the rest of a training step.
 * Every other case goes to wasm's own kernel.
 */
import * as tf from '@tensorflow/tfjs';

/** The slice of tfjs-backend-wasm's BackendWasm the kernels use (public methods of that class). */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.BackendValues;
  incRef(dataId: object): void;
}

let installed = false;

/** Replaces the three kernels of the registered 'wasm' backend; once per process. */
export function installWasmHeapKernels(): void {
  if (installed) return;
  const stockSlice = replace(tf.Slice, (stock) => (args) => sliceKernel(args, stock));
  const stockGather = replace(tf.GatherV2, (stock) => (args) => gatherKernel(args, stock));
  const stockIdentity = replace(tf.Identity, () => identityKernel);
  installed = stockSlice && stockGather && stockIdentity;
}

/** Swaps one kernel's function, keeping its setup (wasm's fallback needs it); false when wasm has none. */
function replace(name: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): boolean {
  const stock = tf.getKernel(name, 'wasm');
  if (stock === undefined) return false;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: make(stock.kernelFunc) });
  return true;
}

const identityKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as unknown as { x: tf.TensorInfo };
  (backend as unknown as WasmHeapBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

function sliceKernel(args: Parameters<tf.KernelFunc>[0], stock: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
  if (x.dtype === 'string' || x.dtype === 'complex64') return stock(args);
  const [start = [], extent = []] = tf.slice_util.parseSliceParams(x, begin, size);
  if (!tf.slice_util.isSliceContinous(x.shape, start, extent)) return stock(args);
  const backend = args.backend as unknown as WasmHeapBackend;
  // The output first: allocating can grow the heap, which detaches views taken earlier.
  const out = backend.makeOutput(extent, x.dtype);
  const offset = tf.slice_util.computeFlatOffset(start, tf.util.computeStrides(x.shape));
  const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array | Uint8Array;
  (backend.typedArrayFromHeap(out) as typeof values).set(values.subarray(offset, offset + tf.util.sizeFromShape(extent)));
  return out;
}

function gatherKernel(args: Parameters<tf.KernelFunc>[0], stock: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { x, indices } = args.inputs as unknown as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
  const rowCopy = axis === 0 && batchDims === 0 && x.shape.length >= 1 && indices.shape.length === 1 && indices.dtype === 'int32';
  if (!rowCopy || (x.dtype !== 'float32' && x.dtype !== 'int32')) return stock(args);
  const backend = args.backend as unknown as WasmHeapBackend;
  const rows = x.shape[0] as number;
  const rest = x.shape.slice(1);
  const width = tf.util.sizeFromShape(rest);
  const count = indices.shape[0] as number;
  const out = backend.makeOutput([count, ...rest], x.dtype);
  const outValues = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const picked = backend.typedArrayFromHeap(indices) as Int32Array;
  for (let i = 0; i < count; i++) {
    const row = picked[i] as number;
    if (!(row >= 0 && row < rows)) throw new Error(`GatherV2: the index ${row} is not in [0, ${rows - 1}]`);
    outValues.set(values.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}
