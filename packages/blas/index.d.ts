/**
 * c[i] = op(a[i])·op(b[i]) for i < batch, row-major; op transposes when its flag is set.
 * op(a[i]) is m×k, op(b[i]) is k×n, c[i] is m×n and is overwritten. Strides count elements between
 * consecutive matrices; 0 reuses one matrix for every i. Throws a RangeError when a buffer is shorter
 * than its shape and stride require.
 */
export function sgemm(
  transposeA: boolean,
  transposeB: boolean,
  batch: number,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  strideA: number,
  b: Float32Array,
  strideB: number,
  c: Float32Array,
): void;

/** openblas_set_num_threads; at least 1. */
export function setThreads(threads: number): void;

/** OpenBLAS's build configuration, the CPU core kernel it chose, and its thread count. */
export function describe(): { config: string; core: string; threads: number };

declare const binding: { sgemm: typeof sgemm; setThreads: typeof setThreads; describe: typeof describe };
export default binding;
