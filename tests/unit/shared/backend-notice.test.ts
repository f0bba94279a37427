/**
 * The slow-backend notice: shown exactly when a run asked for 'auto' and landed on plain
 * WebAssembly or JavaScript (so cpu-blas could not load), with the command that enables cpu-blas.
 */
import { describe, expect, it } from 'vitest';
import { ENABLE_CPU_BLAS_COMMAND, slowBackendNotice } from '../../../src/shared/backend-notice';

describe('slowBackendNotice', () => {
  it('names the fallback and the command when auto fell past cpu-blas', () => {
    expect(slowBackendNotice('auto', 'wasm')).toBe(`Training on plain WebAssembly: the fast CPU backend (cpu-blas, about 5× faster) is unavailable here. To enable it: ${ENABLE_CPU_BLAS_COMMAND}`);
    expect(slowBackendNotice('auto', 'cpu')).toContain('Training on JavaScript kernels');
    expect(ENABLE_CPU_BLAS_COMMAND).toBe('sudo apt-get install libopenblas0 && npm rebuild vae-workbench-blas');
  });

  it('says nothing on a fast backend, for an explicit choice, or before the backend is known', () => {
    expect(slowBackendNotice('auto', 'cpu-blas')).toBeNull();
    expect(slowBackendNotice('auto', 'tensorflow')).toBeNull();
    expect(slowBackendNotice('wasm', 'wasm')).toBeNull();
    expect(slowBackendNotice('cpu', 'cpu')).toBeNull();
    expect(slowBackendNotice('auto', null)).toBeNull();
    expect(slowBackendNotice(undefined, 'wasm')).toBeNull();
  });
});
