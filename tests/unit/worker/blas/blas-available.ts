/** Whether the optional native package built on this machine (it needs OpenBLAS's libopenblas.so.0 at npm install). */
import { BLAS_PACKAGE } from '../../../../src/worker/backend/cpu-blas-candidate';

// The specifier sits in a variable so tsc does not resolve it: where npm dropped the package, a
// literal would be a type error rather than a skipped suite.
const specifier: string = BLAS_PACKAGE;

export const blasAvailable: boolean = await import(/* @vite-ignore */ specifier).then(
  () => true,
  () => false,
);

/** Appended to the titles of suites that need the package, so a skip says why in its own line. */
export const NEEDS_BLAS = `(skipped where ${BLAS_PACKAGE} did not build: no libopenblas.so.0)`;
