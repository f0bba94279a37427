/**
 * Chooses the TensorFlow.js backend for a run and records what was really used.
 *
 * Order for 'auto': tfjs-node-gpu (when installed and a GPU is usable), tfjs-node, cpu-blas (wasm
 * with OpenBLAS matmuls, when the optional vae-workbench-blas package built), wasm, cpu.
 * The native packages are optional dependencies that often fail to install, and a broken one can
 * register kernels and a backend factory before its import throws. So: import the native packages
 * one at a time, stop at the first whose import succeeds (a second would re-register the same
 * kernels), drop a factory a failed import left behind, and ALWAYS read tf.getBackend() back after
 * setBackend — a backend that fails to initialize leaves tfjs silently on the previous one.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../shared/config';
import type { BackendInfo, BackendName } from '../../shared/training-report';
import { tryCpuBlas } from './cpu-blas-candidate';
import { installWasmHeapKernels } from './wasm-heap-kernels';

/** How a module is imported; tests substitute one that simulates broken or missing packages. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface BackendSelectionOptions {
  importModule?: ModuleImporter;
}

type Candidate = Exclude<BackendPreference, 'auto'>;

const AUTO_ORDER: Candidate[] = ['tensorflow-gpu', 'tensorflow', 'cpu-blas', 'wasm', 'cpu'];

const NATIVE_PACKAGE: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

interface WasmModuleFacts {
  getThreadsCount?: () => number;
}

/** The fields tfjs-node's NodeJSKernelBackend exposes that say what it runs on. */
interface NativeBackendFacts {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
  binding?: { TF_Version?: string };
}

/**
 * A specifier held in a variable keeps bundlers and tsc from resolving optional native packages
 * at build time; they are looked up only when a run asks for them.
 */
const importByName: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

export async function selectBackend(preference: BackendPreference, options: BackendSelectionOptions = {}): Promise<BackendInfo> {
  const importModule = options.importModule ?? importByName;
  const candidates = preference === 'auto' ? AUTO_ORDER : [preference];
  const skipped: BackendInfo['skipped'] = [];
  let nativeLoaded: string | null = null;

  for (const candidate of candidates) {
    const attempt = await tryCandidate(candidate, importModule, nativeLoaded);
    if (attempt.loadedNative) nativeLoaded = attempt.loadedNative;
    if (attempt.ok) {
      return { requested: preference, name: attempt.name, device: attempt.device, gpu: attempt.gpu, skipped };
    }
    skipped.push({ candidate, reason: attempt.reason });
    // A GPU package that loaded but runs on the CPU is still the 'tensorflow' backend; 'auto'
    // takes it rather than importing tfjs-node on top of it.
    if (candidate === 'tensorflow-gpu' && attempt.fallback) {
      return { requested: preference, ...attempt.fallback, skipped };
    }
  }
  const reasons = skipped.map((s) => `${s.candidate}: ${s.reason}`).join('; ');
  throw new Error(`no usable TensorFlow.js backend for "${preference}" (${reasons})`);
}

type Attempt =
  | { ok: true; name: BackendName; device: string; gpu: boolean; loadedNative: string | null }
  | {
      ok: false;
      reason: string;
      loadedNative: string | null;
      fallback?: { name: BackendName; device: string; gpu: boolean };
    };

async function tryCandidate(candidate: Candidate, importModule: ModuleImporter, nativeLoaded: string | null): Promise<Attempt> {
  if (candidate === 'cpu-blas') {
    let wasmModule: WasmModuleFacts = {};
    const attempt = await tryCpuBlas({
      importModule,
      prepareWasm: async () => {
        const loaded = await loadWasm(importModule);
        if (typeof loaded === 'string') return loaded;
        wasmModule = loaded;
        return activate('wasm');
      },
      activate,
      describeWasm: () => describeWasm(wasmModule),
      isNotInstalled,
      messageOf,
    });
    return attempt.ok
      ? { ok: true, name: 'cpu-blas', device: attempt.device, gpu: false, loadedNative: null }
      : { ok: false, reason: attempt.reason, loadedNative: null };
  }
  if (candidate === 'wasm' || candidate === 'cpu') {
    let wasmModule: WasmModuleFacts = {};
    if (candidate === 'wasm') {
      const loaded = await loadWasm(importModule);
      if (typeof loaded === 'string') return { ok: false, reason: loaded, loadedNative: null };
      wasmModule = loaded;
    }
    const activated = await activate(candidate);
    if (activated !== null) return { ok: false, reason: activated, loadedNative: null };
    const device = candidate === 'wasm' ? await describeWasm(wasmModule) : 'JavaScript kernels (tfjs-backend-cpu, 1 thread)';
    return { ok: true, name: candidate, device, gpu: false, loadedNative: null };
  }

  const packageName = NATIVE_PACKAGE[candidate];
  if (nativeLoaded !== null && nativeLoaded !== packageName) {
    return { ok: false, reason: `${nativeLoaded} is already loaded; two native packages would register the same kernels`, loadedNative: null };
  }
  if (nativeLoaded === null) {
    try {
      await importModule(packageName);
    } catch (error) {
      // A half-loaded package may have registered a factory that cannot work; remove it so the
      // next package registers its own instead of reusing this one.
      if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
      return { ok: false, reason: isNotInstalled(error, packageName) ? `${packageName} is not installed` : `${packageName} failed to load (${messageOf(error)})`, loadedNative: null };
    }
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    return {
      ok: false,
      reason: `${packageName} loaded but registered no "tensorflow" backend with this copy of @tensorflow/tfjs (a version mismatch installs a second tfjs-core)`,
      loadedNative: packageName,
    };
  }
  const activated = await activate('tensorflow');
  if (activated !== null) return { ok: false, reason: activated, loadedNative: packageName };

  const facts = tf.backend() as unknown as NativeBackendFacts;
  const gpu = facts.isUsingGpuDevice === true;
  const device = `TensorFlow ${facts.binding?.TF_Version ?? '(version unknown)'} (${gpu ? 'GPU' : 'CPU'}) via ${packageName}`;
  if (candidate === 'tensorflow-gpu' && !gpu) {
    return {
      ok: false,
      reason: `${packageName} loaded but sees no usable GPU; it runs on the CPU`,
      loadedNative: packageName,
      fallback: { name: 'tensorflow', device, gpu: false },
    };
  }
  return { ok: true, name: 'tensorflow', device, gpu, loadedNative: packageName };
}

/** The wasm backend's module (which registers the backend), or why it cannot be imported. */
async function loadWasm(importModule: ModuleImporter): Promise<WasmModuleFacts | string> {
  let loaded: WasmModuleFacts;
  try {
    loaded = (await importModule('@tensorflow/tfjs-backend-wasm')) as WasmModuleFacts;
  } catch (error) {
    return `cannot load @tensorflow/tfjs-backend-wasm (${messageOf(error)})`;
  }
  installWasmHeapKernels();
  return loaded;
}

/** setBackend, then read the backend back; null on success, else why it did not take. */
async function activate(name: BackendName): Promise<string | null> {
  let accepted: boolean;
  try {
    accepted = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    return `setBackend('${name}') failed (${messageOf(error)})`;
  }
  const active = tf.getBackend();
  if (!accepted || active !== name) {
    return `setBackend('${name}') did not take: tfjs is on '${active}'`;
  }
  return null;
}

async function describeWasm(wasmModule: WasmModuleFacts): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasmModule.getThreadsCount?.() ?? 1;
  return `WebAssembly via XNNPACK (${simd === true ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})`;
}

function isNotInstalled(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const text = messageOf(error);
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && text.includes(packageName);
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0] ?? text;
  return firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine;
}
