/** Whether the optional native package built on this machine (it needs OpenBLAS's libopenblas.so.0 at npm install). */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe } from 'vitest';
import { BLAS_PACKAGE } from '../../../../src/worker/backend/cpu-blas-candidate';
import { selectBackend } from '../../../../src/worker/backend/select-backend';
import type { BlasBinding } from '../../../../src/worker/blas/blas-binding';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';

// The specifier sits in a variable so tsc does not resolve it: where npm dropped the package, a
// literal would be a type error rather than a skipped suite.
const specifier: string = BLAS_PACKAGE;

export const blasAvailable: boolean = await import(/* @vite-ignore */ specifier).then(
  () => true,
  () => false,
);

/** Appended to the titles of suites that need the package, so a skip says why in its own line. */
export const NEEDS_BLAS = `(skipped where ${BLAS_PACKAGE} did not build: no libopenblas.so.0)`;

/**
 * A suite that runs on 'cpu-blas': skipped, saying why, where the package did not build; the
 * backend is selected before its tests and 'cpu' restored after them.
 */
export function describeOnCpuBlas(title: string, body: () => void): void {
  describe.skipIf(!blasAvailable)(`${title} ${NEEDS_BLAS}`, () => {
    beforeAll(async () => {
      await selectBackend(CPU_BLAS_BACKEND);
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });
    body();
  });
}

/** The binding itself, for tests that call it directly (only inside suites that need the package). */
export async function loadBinding(): Promise<BlasBinding> {
  return ((await import(/* @vite-ignore */ specifier)) as { default: BlasBinding }).default;
}
