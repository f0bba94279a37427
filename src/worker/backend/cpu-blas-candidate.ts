/**
 * Loading the 'cpu-blas' backend: the optional native package vae-workbench-blas (OpenBLAS sgemm
 * and the fused training kernels),
 * a numeric self-check, then the wasm backend it runs on, then the kernels (../blas/blas-kernels).
 * Each failure becomes a reason the selection records before falling back to 'wasm'.
 */
import os from 'node:os';
import { BLAS_EXPORTS, type BlasBinding } from '../blas/blas-binding';
import { CPU_BLAS_BACKEND, registerCpuBlasBackend } from '../blas/blas-kernels';

export const BLAS_PACKAGE = 'vae-workbench-blas';

type Importer = (specifier: string) => Promise<unknown>;

export type CpuBlasAttempt = { ok: true; device: string } | { ok: false; reason: string };

export interface CpuBlasSteps {
  importModule: Importer;
  /** Imports the wasm backend and activates it; null on success, else why not. */
  prepareWasm: () => Promise<string | null>;
  /** setBackend + read back; null on success, else why not. */
  activate: (name: typeof CPU_BLAS_BACKEND) => Promise<string | null>;
  describeWasm: () => Promise<string>;
  isNotInstalled: (error: unknown, packageName: string) => boolean;
  messageOf: (error: unknown) => string;
}

export async function tryCpuBlas(steps: CpuBlasSteps): Promise<CpuBlasAttempt> {
  // OpenBLAS reads this once, when the package's library loads: it must be in the environment first.
  process.env.OPENBLAS_THREAD_TIMEOUT = openblasThreadTimeout(process.env.OPENBLAS_THREAD_TIMEOUT);
  let blas: BlasBinding;
  try {
    blas = bindingOf(await steps.importModule(BLAS_PACKAGE));
  } catch (error) {
    const reason = steps.isNotInstalled(error, BLAS_PACKAGE)
      ? `${BLAS_PACKAGE} is not installed (an optional dependency that builds where OpenBLAS's library libopenblas.so.0 is installed: apt-get install libopenblas0, then npm rebuild vae-workbench-blas)`
      : `${BLAS_PACKAGE} failed to load (${steps.messageOf(error)})`;
    return { ok: false, reason };
  }
  const threads = blasThreads(process.env.OPENBLAS_NUM_THREADS);
  try {
    blas.setThreads(threads);
    selfCheck(blas);
  } catch (error) {
    return { ok: false, reason: `${BLAS_PACKAGE} loaded but ${steps.messageOf(error)}` };
  }
  const wasmProblem = await steps.prepareWasm();
  if (wasmProblem !== null) return { ok: false, reason: `cpu-blas runs on the wasm backend, which is unusable: ${wasmProblem}` };
  const wasmDevice = await steps.describeWasm();
  try {
    registerCpuBlasBackend(blas);
  } catch (error) {
    return { ok: false, reason: steps.messageOf(error) };
  }
  const activated = await steps.activate(CPU_BLAS_BACKEND);
  if (activated !== null) return { ok: false, reason: activated };
  const facts = blas.describe();
  const version = /OpenBLAS\s+(\S+)/.exec(facts.config)?.[1] ?? '(version unknown)';
  return {
    ok: true,
    device: `${wasmDevice}, matmuls by OpenBLAS ${version} sgemm (${facts.core} kernels, ${facts.threads} thread${facts.threads === 1 ? '' : 's'}), fused native training kernels`,
  };
}

/**
 * One thread per core unless OPENBLAS_NUM_THREADS says otherwise (OpenBLAS's and PyTorch's
 * default too). With the fused kernels the matmuls are most of a step: on this 2-core machine a
 * mnist-vae step took a median 6.9 ms with 2 threads against 7.7 ms with 1, interleaved in one
 * process (it was the other way round before the fusion, when element-wise work dominated).
 */
export function blasThreads(fromEnvironment: string | undefined, cores = os.availableParallelism()): number {
  const parsed = Number(fromEnvironment);
  return Number.isInteger(parsed) && parsed >= 1 ? parsed : Math.max(1, cores);
}

/**
 * How long OpenBLAS's idle threads spin before they sleep, as log2 of CPU cycles
 * (OPENBLAS_THREAD_TIMEOUT, 4 to 30): 16 (about 30 µs here) unless the environment names one.
 * OpenBLAS's own default, 2^28 cycles (~0.1 s), kept a worker spinning on the second core through
 * a conv model's convolutions, whose threads then shared that core with it: a conv-vae step took
 * 83-87 ms against 51-52 ms with 16, the MLP's 11.9-13.0 ms against 10.9-13.8 (best of 30 and 100
 * steps, 2 cores under other users' load).
 */
export function openblasThreadTimeout(fromEnvironment: string | undefined): string {
  const parsed = Number(fromEnvironment);
  return fromEnvironment !== undefined && fromEnvironment !== '' && Number.isInteger(parsed) && parsed >= 4 && parsed <= 30 ? fromEnvironment : '16';
}

function bindingOf(module: unknown): BlasBinding {
  const candidate = ((module as { default?: unknown } | null)?.default ?? module) as Record<string, unknown> | null;
  const missing = BLAS_EXPORTS.filter((name) => typeof candidate?.[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`it does not export ${missing.join(', ')} (a build older than this workbench? run npm rebuild ${BLAS_PACKAGE})`);
  }
  return candidate as unknown as BlasBinding;
}

/**
 * [[1,2,3],[4,5,6]]·[[7,8],[9,10],[11,12]] = [[58,64],[139,154]], exact in float32: a library that
 * loads but computes garbage (a broken build, a mismatched cblas.h) is caught before training.
 */
function selfCheck(blas: BlasBinding): void {
  const product = new Float32Array(4);
  blas.sgemm(false, false, 1, 2, 2, 3, Float32Array.of(1, 2, 3, 4, 5, 6), 0, Float32Array.of(7, 8, 9, 10, 11, 12), 0, product);
  const expected = [58, 64, 139, 154];
  if (!expected.every((value, i) => product[i] === value)) {
    throw new Error(`its sgemm self-check gave [${Array.from(product)}] instead of [${expected}]`);
  }
}
