/**
 * The surface of the native package vae-workbench-blas, typed by the package's own declarations
 * (packages/blas/index.d.ts, which documents each function). A type-only import by path: the
 * package itself is optional and absent where OpenBLAS (libopenblas.so.0) was not installed. Tests pass fakes.
 */
import type binding from '../../../packages/blas/index.js';

export type BlasBinding = typeof binding;

/** What a binding must export to be used (a stale build without the fused kernels is refused). */
export const BLAS_EXPORTS = ['sgemm', 'setThreads', 'describe', 'gaussianLatent', 'gaussianLatentGrad', 'biasActivate', 'denseGrad', 'bernoulli', 'bernoulliGrad', 'sumOfSquares', 'adam', 'conv2d', 'conv2dGrad'] as const satisfies readonly (keyof BlasBinding)[];
