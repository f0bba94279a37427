/**
 * The one line that tells a user their run trains on a slow fallback because the fast CPU backend
 * could not load, and how to enable it. The CLI prints it when a run starts (through the run's
 * log) and the run view shows it in the run's header; both derive it from what every run already
 * records: the backend it asked for and the one it got.
 *
 * Why derivable: 'auto' tries cpu-blas before wasm and cpu, so a run that asked for 'auto' and
 * landed on either had no usable cpu-blas (a missing libopenblas0, an addon that did not build, a
 * stale build). Each of those is fixed by the same command.
 */

/** Installs OpenBLAS's runtime library (Debian/Ubuntu) and rebuilds the addon against it. */
export const ENABLE_CPU_BLAS_COMMAND = 'sudo apt-get install libopenblas0 && npm rebuild vae-workbench-blas';

/** The notice for a run that asked for `requested` and trained on `backend`, or null when there is nothing to say. */
export function slowBackendNotice(requested: string | null | undefined, backend: string | null | undefined): string | null {
  if (requested !== 'auto' || (backend !== 'wasm' && backend !== 'cpu')) return null;
  const on = backend === 'wasm' ? 'plain WebAssembly' : 'JavaScript kernels';
  return `Training on ${on}: the fast CPU backend (cpu-blas, about 5× faster) is unavailable here. To enable it: ${ENABLE_CPU_BLAS_COMMAND}`;
}
