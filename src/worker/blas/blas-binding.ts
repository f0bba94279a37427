/**
 * The surface of the native package vae-workbench-blas, typed by the package's own declarations
 * (packages/blas/index.d.ts, which documents each function). A type-only import by path: the
 * package itself is optional and absent where OpenBLAS (libopenblas.so.0) was not installed. Tests pass fakes.
 */
import type { BlasBinding } from '../../../packages/blas/index.js';

export type { BlasBinding };

/**
 * The binding's functions, keyed by its type: the compiler refuses a name the type lacks and a
 * function missing here, so this is the one list. A build older than this workbench lacks some,
 * and is refused at load (../backend/cpu-blas-candidate) rather than failing mid-training.
 */
const FUNCTIONS: Record<keyof BlasBinding, true> = {
  sgemm: true,
  setThreads: true,
  describe: true,
  gaussianLatent: true,
  gaussianLatentGrad: true,
  biasActivate: true,
  denseGrad: true,
  bernoulli: true,
  bernoulliGrad: true,
  sumOfSquares: true,
  adam: true,
  conv2d: true,
  conv2dGrad: true,
  convEngine: true,
};

export const BLAS_EXPORTS = Object.keys(FUNCTIONS) as readonly (keyof BlasBinding)[];
