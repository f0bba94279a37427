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
  /**
   * The Gaussian latent layer from the encoder's output h [rows, 2·dims] (μ, then raw log σ²) and
   * ε [rows, dims]: μ, log σ² (clamped to [lo, hi] when clamp), z = μ + σ·ε and the KL per dimension.
   */
  gaussianLatent(
    h: Float32Array,
    eps: Float32Array,
    rows: number,
    dims: number,
    clamp: boolean,
    lo: number,
    hi: number,
    mu: Float32Array,
    logVar: Float32Array,
    z: Float32Array,
    kl: Float32Array,
  ): void;
  /** gaussianLatent's gradient in h, [rows, 2·dims], from the gradients of its four outputs. */
  gaussianLatentGrad(
    h: Float32Array,
    eps: Float32Array,
    dMu: Float32Array,
    dLogVar: Float32Array,
    dZ: Float32Array,
    dKl: Float32Array,
    rows: number,
    dims: number,
    clamp: boolean,
    lo: number,
    hi: number,
    dh: Float32Array,
  ): void;
  /** values [rows, cols] += bias (one per column; null: none), then relu if asked, in place. */
  biasActivate(values: Float32Array, bias: Float32Array | null, rows: number, cols: number, relu: boolean): void;
  /**
   * The gradients of y = act(x·W + b), x [batch, inputs], W [inputs, outputs]: g = dy·act'(y),
   * dW = xᵀ·g, db = Σ_rows g, and dx = g·Wᵀ unless dx is null. Outputs are overwritten.
   */
  denseGrad(
    x: Float32Array,
    w: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    batch: number,
    inputs: number,
    outputs: number,
    relu: boolean,
    dx: Float32Array | null,
    dw: Float32Array,
    db: Float32Array,
  ): void;
  /** logPx[r] = Σ_j x·l − softplus(l) over row r of the [rows, cols] x and logits. */
  bernoulli(x: Float32Array, logits: Float32Array, rows: number, cols: number, logPx: Float32Array): void;
  /** out = dy[row]·(x − σ(l)), the gradient of bernoulli's row sums in the logits. */
  bernoulliGrad(x: Float32Array, logits: Float32Array, dy: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /** Σ v² over every element of every array, in double precision. */
  sumOfSquares(arrays: Float32Array[]): number;
  /** One Adam step of tf.train.adam's formula on the gradient scaled by gradScale, into the three outputs; 1 − β rounded from double by the caller, as tfjs does. */
  adam(
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    pOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
    gradScale: number,
    lr: number,
    beta1: number,
    beta2: number,
    oneMinusBeta1: number,
    oneMinusBeta2: number,
    epsilon: number,
    biasCorrection1: number,
    biasCorrection2: number,
  ): void;
}

/** What a binding must export to be used (a stale build without the fused kernels is refused). */
export const BLAS_EXPORTS = ['sgemm', 'setThreads', 'describe', 'gaussianLatent', 'gaussianLatentGrad', 'biasActivate', 'denseGrad', 'bernoulli', 'bernoulliGrad', 'sumOfSquares', 'adam'] as const;
