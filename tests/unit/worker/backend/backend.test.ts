import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectBackend, type ModuleImporter } from '../../../../src/worker/backend/select-backend';

const realImport: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

/** Registers a 'tensorflow' backend the way tfjs-node would (reusing the CPU kernels' backend class). */
function registerFakeNativeBackend(facts: { isUsingGpuDevice: boolean }): void {
  const cpuFactory = tf.findBackendFactory('cpu');
  if (cpuFactory === null) throw new Error('the cpu backend is not registered');
  tf.registerBackend('tensorflow', async () => {
    const backend = await cpuFactory();
    return Object.assign(backend, { ...facts, binding: { TF_Version: '2.9.1' } });
  });
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  await tf.setBackend('cpu');
});

describe('selectBackend', () => {
  it("on this machine 'auto' skips the native tfjs packages (not installed) and, without the BLAS package, lands on wasm, verified", async () => {
    // cpu-blas is simulated absent here (tests/unit/blas covers it present and absent).
    const importModule: ModuleImporter = async (specifier) => {
      if (specifier === 'vae-workbench-blas') throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
      return realImport(specifier);
    };
    const info = await selectBackend('auto', { importModule });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.device).toMatch(/WebAssembly/);
    expect(info.gpu).toBe(false);
    expect(info.skipped.map((s) => s.candidate)).toEqual(['tensorflow-gpu', 'tensorflow', 'cpu-blas']);
    expect(info.skipped[0]?.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(info.skipped[1]?.reason).toBe('@tensorflow/tfjs-node is not installed');
  });

  it('an explicit native backend that is not installed fails with the reason', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node is not installed/);
  });

  it('cpu is chosen and read back when asked for', async () => {
    const info = await selectBackend('cpu');
    expect(info).toMatchObject({ name: 'cpu', requested: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a GPU package that registers a broken backend and then throws is cleaned up; the next package loads', async () => {
    const imported: string[] = [];
    const importModule: ModuleImporter = async (specifier) => {
      imported.push(specifier);
      if (specifier === '@tensorflow/tfjs-node-gpu') {
        tf.registerBackend('tensorflow', () => {
          throw new Error('libcudart.so.11.0: cannot open shared object file');
        });
        throw new Error('The specified module could not be found: tfjs_binding.node');
      }
      if (specifier === '@tensorflow/tfjs-node') {
        registerFakeNativeBackend({ isUsingGpuDevice: false });
        return {};
      }
      return realImport(specifier);
    };
    const info = await selectBackend('auto', { importModule });
    expect(imported).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(info.name).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(info.device).toBe('TensorFlow 2.9.1 (CPU) via @tensorflow/tfjs-node');
    expect(info.skipped[0]?.reason).toMatch(/tfjs-node-gpu failed to load \(The specified module could not be found/);
  });

  it('a GPU package that loads but sees no GPU is used on the CPU, without importing tfjs-node over it', async () => {
    const imported: string[] = [];
    const importModule: ModuleImporter = async (specifier) => {
      imported.push(specifier);
      if (specifier === '@tensorflow/tfjs-node-gpu') registerFakeNativeBackend({ isUsingGpuDevice: false });
      return {};
    };
    const info = await selectBackend('auto', { importModule });
    expect(imported).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(info).toMatchObject({ name: 'tensorflow', gpu: false });
    expect(info.skipped[0]?.reason).toMatch(/sees no usable GPU/);
  });

  it('a GPU package with a usable GPU is chosen first', async () => {
    const importModule: ModuleImporter = async (specifier) => {
      if (specifier === '@tensorflow/tfjs-node-gpu') registerFakeNativeBackend({ isUsingGpuDevice: true });
      return {};
    };
    const info = await selectBackend('auto', { importModule });
    expect(info).toMatchObject({ name: 'tensorflow', gpu: true, skipped: [] });
    expect(info.device).toMatch(/\(GPU\)/);
  });

  it('a backend whose initialisation fails is skipped after reading tf.getBackend() back', async () => {
    const importModule: ModuleImporter = async (specifier) => {
      if (specifier === '@tensorflow/tfjs-backend-wasm') {
        if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm');
        tf.registerBackend('wasm', () => {
          throw new Error('ERR_WORKER_PATH');
        });
        return {};
      }
      throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    // tfjs logs the failed initialisation itself; keep the test output clean.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const info = await selectBackend('auto', { importModule });
    warn.mockRestore();
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.skipped.map((s) => s.candidate)).toEqual(['tensorflow-gpu', 'tensorflow', 'cpu-blas', 'wasm']);
    expect(info.skipped[3]?.reason).toMatch(/setBackend\('wasm'\)/);
  });
});
