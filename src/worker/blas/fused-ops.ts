/**
 * Ops backed by the fused kernels (./fused-kernels) where the active backend has them: 'cpu-blas'
 * today. Each returns null elsewhere, and its caller runs the composite TensorFlow.js form, which is
 * also what the tests compare the fused results against.
 */
import * as tf from '@tensorflow/tfjs';

/** Kernel names carry `Vwb` (VAE WorkBench) so they never collide with TensorFlow.js's own kernels. */
export const FUSED = {
  denseGrad: 'VwbDenseGrad',
  bernoulli: 'VwbBernoulli',
  bernoulliGrad: 'VwbBernoulliGrad',
  globalNorm: 'VwbGlobalNorm',
  adam: 'VwbAdam',
  gaussianLatent: 'VwbGaussianLatent',
  gaussianLatentGrad: 'VwbGaussianLatentGrad',
} as const;

/** Whether the active backend runs the fused kernels. */
export function fusedKernelsActive(): boolean {
  return tf.getKernel(FUSED.adam, tf.getBackend()) !== undefined;
}

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(kernel, inputs, attrs);
}

export interface DenseGradients {
  /** null when the layer's input needs no gradient. */
  dx: tf.Tensor2D | null;
  dw: tf.Tensor2D;
  db: tf.Tensor1D;
}

/** The gradients of y = act(x·W + b) given dy, in one kernel; null where the backend has none. */
export function fusedDenseGrad(x: tf.Tensor2D, w: tf.Tensor2D, y: tf.Tensor2D, dy: tf.Tensor2D, relu: boolean, inputGradient: boolean): DenseGradients | null {
  if (!fusedKernelsActive()) return null;
  const outputs = run(FUSED.denseGrad, { x, w, y, dy }, { relu, inputGradient }) as tf.Tensor[];
  if (inputGradient) {
    const [dx, dw, db] = outputs as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    return { dx, dw, db };
  }
  const [dw, db] = outputs as [tf.Tensor2D, tf.Tensor1D];
  return { dx: null, dw, db };
}

/** Σ_pixels log p(x | logits) per row under Bernoulli pixels; null where the backend has no kernel. */
export function fusedBernoulli(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D | null {
  return fusedKernelsActive() ? (run(FUSED.bernoulli, { x, logits }) as tf.Tensor1D) : null;
}

/** dy[row]·(x − σ(logits)); null where the backend has no kernel. */
export function fusedBernoulliGrad(x: tf.Tensor2D, logits: tf.Tensor2D, dy: tf.Tensor1D): tf.Tensor2D | null {
  return fusedKernelsActive() ? (run(FUSED.bernoulliGrad, { x, logits, dy }) as tf.Tensor2D) : null;
}

/** √(Σ over every tensor of Σ g²); null where the backend has no kernel. */
export function fusedGlobalNorm(tensors: tf.Tensor[]): tf.Scalar | null {
  if (!fusedKernelsActive()) return null;
  return run(FUSED.globalNorm, Object.fromEntries(tensors.map((t, i) => [String(i), t]))) as tf.Scalar;
}

export interface AdamHyperparameters {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface AdamState {
  value: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

/**
 * One step of tf.train.adam's update for one parameter, the gradient multiplied by gradScale first
 * (null: 1). accBeta1 and accBeta2 are the optimizer's running β₁ᵗ and β₂ᵗ. Null where the backend
 * has no kernel.
 */
export function fusedAdam(
  state: AdamState,
  gradient: tf.Tensor,
  gradScale: tf.Scalar | null,
  accBeta1: tf.Scalar,
  accBeta2: tf.Scalar,
  hyper: AdamHyperparameters,
): AdamState | null {
  if (!fusedKernelsActive()) return null;
  const inputs: tf.NamedTensorMap = { value: state.value, gradient, m: state.m, v: state.v, accBeta1, accBeta2 };
  if (gradScale !== null) inputs.gradScale = gradScale;
  const [value, m, v] = run(FUSED.adam, inputs, { ...hyper }) as [tf.Tensor, tf.Tensor, tf.Tensor];
  return { value, m, v };
}

export interface LogVarBand {
  min: number;
  max: number;
}

export interface GaussianLatentTensors {
  mu: tf.Tensor2D;
  logVar: tf.Tensor2D;
  z: tf.Tensor2D;
  klPerDim: tf.Tensor2D;
}

/**
 * μ, log σ² (clamped to the band, when given), z = μ + σ·ε and the KL per dimension from the
 * encoder's output h [batch, 2·latent], differentiable in h; null where the backend has no kernel.
 */
export function fusedGaussianLatent(h: tf.Tensor2D, eps: tf.Tensor2D, band: LogVarBand | null): GaussianLatentTensors | null {
  if (!fusedKernelsActive()) return null;
  const [mu, logVar, z, klPerDim] = run(FUSED.gaussianLatent, { h, eps }, bandAttrs(band)) as tf.Tensor2D[];
  return { mu, logVar, z, klPerDim } as GaussianLatentTensors;
}

function bandAttrs(band: LogVarBand | null): tf.NamedAttrMap {
  return { clamp: band !== null, min: band?.min ?? 0, max: band?.max ?? 0 };
}
