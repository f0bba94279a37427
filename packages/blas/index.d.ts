// The native binding's surface: one interface, documenting each function. The runtime check that
// a build has them all (src/worker/blas/blas-binding.ts) is keyed by this interface.

/**
 * The geometry of a stride-1 convolution: [batch, height, width, channels] of x (NHWC),
 * [kernelH, kernelW] and outChannels of the filter [kernelH, kernelW, inChannels, outChannels],
 * the zero padding before the first row and column, the output's [outH, outW], and how x is
 * resampled before the convolution reads it: 0 none, 1 space-to-depth 2×2 (inChannels = 4·channels,
 * sides halved), 2 nearest-neighbour ×2 upsampling (sides doubled).
 */
export type ConvGeometry = [
  batch: number,
  height: number,
  width: number,
  channels: number,
  kernelH: number,
  kernelW: number,
  outChannels: number,
  padTop: number,
  padLeft: number,
  outH: number,
  outW: number,
  resample: 0 | 1 | 2,
];

/** The functions src/*.cc register on the module (sgemm.cc's Init). */
export interface BlasBinding {
  /**
   * c[i] = op(a[i])·op(b[i]) for i < batch, row-major; op transposes when its flag is set.
   * op(a[i]) is m×k, op(b[i]) is k×n, c[i] is m×n and is overwritten. Strides count elements between
   * consecutive matrices; 0 reuses one matrix for every i. Throws a RangeError when a buffer is shorter
   * than its shape and stride require.
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

  /** openblas_set_num_threads; at least 1. */
  setThreads(threads: number): void;

  /** OpenBLAS's build configuration, the CPU core kernel it chose, and its thread count. */
  describe(): { config: string; core: string; threads: number };

  /**
   * A VAE's Gaussian latent layer from the encoder output h [rows, 2·dims] (μ, then raw log σ²) and
   * ε [rows, dims]: μ; log σ², clamped to [lo, hi] when clamp; z = μ + exp(½ log σ²)·ε; and
   * KL_d = ½(μ² + σ² − log σ² − 1). Outputs are overwritten.
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

  /** gaussianLatent's gradient in h [rows, 2·dims] from the gradients of μ, log σ², z and KL (zero outside the clamp band). */
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
   * Gradients of y = act(x·W + b), x [batch, inputs], W [inputs, outputs], act relu or linear:
   * g = dy·act'(y); dW = xᵀ·g; db = Σ_rows g; dx = g·Wᵀ unless dx is null. Outputs are overwritten.
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

  /** logPx[r] = Σ_j x·l − softplus(l) over row r of [rows, cols] targets x and logits l. */
  bernoulli(x: Float32Array, logits: Float32Array, rows: number, cols: number, logPx: Float32Array): void;

  /** out = dy[row]·(x − σ(l)): the gradient of bernoulli's row sums in the logits. */
  bernoulliGrad(x: Float32Array, logits: Float32Array, dy: Float32Array, rows: number, cols: number, out: Float32Array): void;

  /** Σ v² over every element of every array, accumulated in double precision. */
  sumOfSquares(arrays: Float32Array[]): number;

  /**
   * tf.train.adam's update on gradScale·g: m' = β₁m + (1−β₁)g, v' = β₂v + (1−β₂)g²,
   * p' = p − lr·(m'/bc₁)/(√(v'/bc₂) + ε), written to pOut, mOut and vOut.
   */
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

  /**
   * out = act(conv(resample(x), filter ⊙ mask) + bias + addend), act relu or linear; mask, bias
   * and addend may be null. The addend holds one value per output element, or batch·outChannels
   * (one per image and channel, the same at every pixel). out is overwritten. A tap (kernel position) the mask zeroes for every channel is left
   * out rather than multiplied by zero: an infinity or NaN it would read does not reach out.
   */
  conv2d(
    x: Float32Array,
    filter: Float32Array,
    mask: Float32Array | null,
    bias: Float32Array | null,
    addend: Float32Array | null,
    geometry: ConvGeometry,
    relu: boolean,
    out: Float32Array,
  ): void;

  /**
   * conv2d's gradients from dy: g = dy·act'(y) (y, the layer's output, is needed for relu only);
   * dBias = Σ g; dFilter = the filter gradient (⊙ mask); dx = the gradient in x itself (through the
   * resampling and padding), skipped when dx is null; dAddend (for a layer with an addend, null
   * otherwise) = g, or its sum per image for a per-image addend, told apart by its length as in
   * conv2d. Outputs are overwritten.
   */
  conv2dGrad(
    x: Float32Array,
    filter: Float32Array,
    mask: Float32Array | null,
    y: Float32Array | null,
    dy: Float32Array,
    geometry: ConvGeometry,
    relu: boolean,
    dx: Float32Array | null,
    dFilter: Float32Array,
    dBias: Float32Array,
    dAddend: Float32Array | null,
  ): void;

  /**
   * The convolution engine in use ("avx512", "avx2" or "baseline": by default the widest vectors
   * this processor runs), after switching to `name` when it is not null; a RangeError when the
   * processor cannot run that engine. For tests and benchmarks.
   */
  convEngine(name: 'avx512' | 'avx2' | 'baseline' | null): string;
}

declare const binding: BlasBinding;
export default binding;
