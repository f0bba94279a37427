/**
 * Selecting 'cpu-blas' where the native package is missing or broken: 'auto' falls back to wasm and
 * records why; an explicit 'cpu-blas' fails with that reason. These run with simulated packages,
 * so they hold on every machine.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { selectBackend, type ModuleImporter } from '../../../../src/worker/backend/select-backend';
import { BLAS_PACKAGE, blasThreads, openblasThreadTimeout } from '../../../../src/worker/backend/cpu-blas-candidate';
import { BLAS_EXPORTS, type BlasBinding } from '../../../../src/worker/blas/blas-binding';

const realImport: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/out/worker/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** The native tfjs packages are absent (as here); the BLAS package is whatever `blas` does. */
function importerWith(blas: () => Promise<unknown>): ModuleImporter {
  return async (specifier) => {
    if (specifier === BLAS_PACKAGE) return blas();
    if (specifier.startsWith('@tensorflow/tfjs-node')) throw notFound(specifier);
    return realImport(specifier);
  };
}

/** A binding whose sgemm writes `wrong` everywhere instead of the product. */
function fakeBinding(wrong: number): BlasBinding {
  return {
    sgemm: (_ta, _tb, _batch, _m, _n, _k, _a, _sa, _b, _sb, c) => c.fill(wrong),
    setThreads: () => undefined,
    describe: () => ({ config: 'OpenBLAS 0.3.21 fake', core: 'Fake', threads: 1 }),
    ...fusedKernelsNeverCalled,
  };
}

/** The fused kernels of a fake binding: these tests fail or pass before any kernel runs. */
const fusedKernelsNeverCalled = Object.fromEntries(
  BLAS_EXPORTS.filter((name) => name !== 'sgemm' && name !== 'setThreads' && name !== 'describe').map((name) => [
    name,
    () => {
      throw new Error(`the fake binding's ${name} was called`);
    },
  ]),
) as unknown as Omit<BlasBinding, 'sgemm' | 'setThreads' | 'describe'>;

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe("'cpu-blas' falls back cleanly", () => {
  it("not installed: 'auto' lands on wasm, verified, with the reason recorded", async () => {
    const info = await selectBackend('auto', { importModule: importerWith(() => Promise.reject(notFound(BLAS_PACKAGE))) });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.skipped.map((s) => s.candidate)).toEqual(['tensorflow-gpu', 'tensorflow', 'cpu-blas']);
    expect(info.skipped[2]?.reason).toBe(`${BLAS_PACKAGE} is not installed (an optional dependency that builds where OpenBLAS's library libopenblas.so.0 is installed: apt-get install libopenblas0, then npm rebuild vae-workbench-blas)`);
  });

  it('installed but libopenblas missing at run time: the loader’s message is the reason', async () => {
    const missingLibrary = () => Promise.reject(new Error('libopenblas.so.0: cannot open shared object file: No such file or directory'));
    const info = await selectBackend('auto', { importModule: importerWith(missingLibrary) });
    expect(info.name).toBe('wasm');
    expect(info.skipped[2]?.reason).toBe(`${BLAS_PACKAGE} failed to load (libopenblas.so.0: cannot open shared object file: No such file or directory)`);
  });

  it('a package without the expected functions is refused', async () => {
    const info = await selectBackend('auto', { importModule: importerWith(async () => ({ default: { sgemm: 'not a function' } })) });
    expect(info.name).toBe('wasm');
    // Every function the binding's type names (BLAS_EXPORTS, the one list), as the reason.
    expect(info.skipped[2]?.reason).toContain(`failed to load (it does not export ${BLAS_EXPORTS.join(', ')} (a build older`);
  });

  it('a library that loads but multiplies wrongly fails its self-check and is not used', async () => {
    const info = await selectBackend('auto', { importModule: importerWith(async () => ({ default: fakeBinding(0) })) });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.skipped[2]?.reason).toBe(`${BLAS_PACKAGE} loaded but its sgemm self-check gave [0,0,0,0] instead of [58,64,139,154]`);
  });

  it("an explicit 'cpu-blas' that cannot load fails with the reason, leaving the backend as it was", async () => {
    await expect(selectBackend('cpu-blas', { importModule: importerWith(() => Promise.reject(notFound(BLAS_PACKAGE))) })).rejects.toThrow(
      /no usable TensorFlow\.js backend for "cpu-blas" \(cpu-blas: vae-workbench-blas is not installed/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('when wasm cannot start, cpu-blas (which runs on it) is skipped with that reason', async () => {
    // A binding that passes the self-check, so the wasm step is the one that fails.
    const correct: BlasBinding = { ...fakeBinding(0), sgemm: (_ta, _tb, _batch, _m, _n, _k, _a, _sa, _b, _sb, c) => c.set([58, 64, 139, 154]) };
    const importModule: ModuleImporter = async (specifier) => {
      if (specifier === '@tensorflow/tfjs-backend-wasm') throw new Error('wasm binary missing');
      return importerWith(async () => ({ default: correct }))(specifier);
    };
    const info = await selectBackend('auto', { importModule });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((s) => s.candidate)).toEqual(['tensorflow-gpu', 'tensorflow', 'cpu-blas', 'wasm']);
    expect(info.skipped[2]?.reason).toBe('cpu-blas runs on the wasm backend, which is unusable: cannot load @tensorflow/tfjs-backend-wasm (wasm binary missing)');
  });
});

describe('OpenBLAS thread count', () => {
  it('is one per core unless OPENBLAS_NUM_THREADS names a positive integer', () => {
    expect(blasThreads(undefined, 4)).toBe(4);
    expect(blasThreads('', 4)).toBe(4);
    expect(blasThreads('0', 4)).toBe(4);
    expect(blasThreads('two', 4)).toBe(4);
    expect(blasThreads('1.5', 4)).toBe(4);
    expect(blasThreads('1', 4)).toBe(1);
    expect(blasThreads('2', 16)).toBe(2);
    expect(blasThreads(undefined, 0)).toBe(1);
  });

  it('idles 2^16 cycles before sleeping unless OPENBLAS_THREAD_TIMEOUT names one OpenBLAS accepts (4 to 30)', () => {
    expect(openblasThreadTimeout(undefined)).toBe('16');
    expect(openblasThreadTimeout('')).toBe('16');
    expect(openblasThreadTimeout('3')).toBe('16');
    expect(openblasThreadTimeout('31')).toBe('16');
    expect(openblasThreadTimeout('long')).toBe('16');
    expect(openblasThreadTimeout('4')).toBe('4');
    expect(openblasThreadTimeout('28')).toBe('28');
  });
});
