/** The surface of the native package vae-workbench-blas (packages/blas/index.d.ts); tests pass fakes. */
export interface BlasBinding {
  /**
   * c[i] = op(a[i])·op(b[i]) for i < batch, row-major, op = transpose when its flag is set;
   * strides are in elements between consecutive matrices (0 reuses one matrix for every i).
   */
  sgemm(
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
  setThreads(threads: number): void;
  /** What OpenBLAS was built as and runs on: e.g. config "OpenBLAS 0.3.21 … DYNAMIC_ARCH …", core "Cooperlake". */
  describe(): { config: string; core: string; threads: number };
}
