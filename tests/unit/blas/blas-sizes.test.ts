/**
 * The native sgemm refuses sizes whose products overflow 64-bit integers, before any bounds check
 * could be fooled by a wrapped product (and before OpenBLAS writes past a buffer).
 */
import { describe, expect, it } from 'vitest';
import { BLAS_PACKAGE } from '../../../src/worker/backend/cpu-blas-candidate';
import type { BlasBinding } from '../../../src/worker/blas/blas-binding';
import { blasAvailable, NEEDS_BLAS } from './blas-available';

const INT_MAX = 2 ** 31 - 1;

async function binding(): Promise<BlasBinding> {
  const specifier: string = BLAS_PACKAGE;
  const module = (await import(/* @vite-ignore */ specifier)) as { default: BlasBinding };
  return module.default;
}

describe.skipIf(!blasAvailable)(`native sgemm size checks ${NEEDS_BLAS}`, () => {
  it('refuses absurd sizes with a RangeError', async () => {
    const blas = await binding();
    const tiny = new Float32Array(4);
    expect(() => blas.sgemm(false, false, INT_MAX, INT_MAX, INT_MAX, INT_MAX, tiny, 0, tiny, 0, tiny)).toThrow(RangeError);
    expect(() => blas.sgemm(false, false, INT_MAX, INT_MAX, INT_MAX, INT_MAX, tiny, 0, tiny, 0, tiny)).toThrow(/overflow/);
  });

  it('refuses a batch·m·n that wraps to 0 in 64 bits, though a and b are long enough', async () => {
    const blas = await binding();
    // 2^22 · 2^21 · 2^21 = 2^64: wrapped, c would need no elements and OpenBLAS would write past it.
    const m = 2 ** 21;
    const n = 2 ** 21;
    const a = new Float32Array(m); // m×1, reused for every batch entry
    const b = new Float32Array(n); // 1×n
    expect(() => blas.sgemm(false, false, 2 ** 22, m, n, 1, a, 0, b, 0, new Float32Array(0))).toThrow(/overflow/);
  });

  it('still reports a buffer shorter than its shape and stride require', async () => {
    const blas = await binding();
    const small = new Float32Array(4);
    expect(() => blas.sgemm(false, false, INT_MAX, 1, 1, 1, small, INT_MAX, small, 0, small)).toThrow(/shorter/);
    expect(() => blas.sgemm(false, false, 2, 2, 2, 2, small, 4, small, 0, new Float32Array(8))).toThrow(/shorter/);
  });

  it('still multiplies ordinary sizes', async () => {
    const blas = await binding();
    const c = new Float32Array(4);
    blas.sgemm(false, false, 1, 2, 2, 2, Float32Array.of(1, 2, 3, 4), 0, Float32Array.of(5, 6, 7, 8), 0, c);
    expect([...c]).toEqual([19, 22, 43, 50]);
  });
});
