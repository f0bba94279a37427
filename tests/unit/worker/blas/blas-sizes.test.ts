/**
 * The native sgemm refuses sizes whose products overflow 64-bit integers, before any bounds check
 * could be fooled by a wrapped product (and before OpenBLAS writes past a buffer).
 */
import { describe, expect, it } from 'vitest';
import { blasAvailable, loadBinding as binding, NEEDS_BLAS } from './blas-available';

const INT_MAX = 2 ** 31 - 1;

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

  it('the fused kernels refuse arrays whose length does not match the shape, naming the argument', async () => {
    const blas = await binding();
    const f = (n: number) => new Float32Array(n);
    expect(() => blas.denseGrad(f(6), f(12), f(8), f(8), 2, 3, 4, true, f(5), f(12), f(4))).toThrow(/dx has 5 elements; its shape needs 6/);
    expect(() => blas.denseGrad(f(6), f(12), f(8), f(8), 2, 3, 4, true, null, f(12), f(3))).toThrow(/db has 3 elements; its shape needs 4/);
    expect(() => blas.bernoulli(f(6), f(6), 2, 3, f(3))).toThrow(RangeError);
    expect(() => blas.bernoulliGrad(f(6), f(6), f(2), INT_MAX, INT_MAX, f(6))).toThrow(/x has 6 elements; its shape needs 4611686014132420609/);
    expect(() => blas.biasActivate(f(6), f(2), 2, 3, false)).toThrow(/bias has 2 elements; its shape needs 3/);
    expect(() => blas.adam(f(3), f(3), f(3), f(2), f(3), f(3), f(3), 1, 1e-3, 0.9, 0.999, 0.1, 0.001, 1e-8, 0.1, 0.001)).toThrow(/v has 2 elements; its shape needs 3/);
    expect(() => blas.sumOfSquares([f(2), [1, 2] as unknown as Float32Array])).toThrow(/arrays must be a Float32Array/);
    expect(() => (blas.bernoulli as (...args: unknown[]) => void)(f(6), f(6), 2)).toThrow(/expected bernoulli\(x, logits, rows, cols, logPx\)/);
  });

  it('the relu mask passes an infinite or NaN upstream gradient on as NaN, as dy·step(y) does; an empty layer gives dx = 0', async () => {
    const blas = await binding();
    const dx = new Float32Array(2);
    const dw = new Float32Array(4);
    const db = new Float32Array(2);
    blas.denseGrad(Float32Array.of(1, 1), Float32Array.of(1, 1, 1, 1), Float32Array.of(0, -1), Float32Array.of(Infinity, 2), 1, 2, 2, true, dx, dw, db);
    expect(Number.isNaN(db[0])).toBe(true);
    expect(db[1]).toBe(0);
    const empty = Float32Array.of(7, 7);
    blas.denseGrad(Float32Array.of(1, 1), new Float32Array(0), new Float32Array(0), new Float32Array(0), 1, 2, 0, true, empty, new Float32Array(0), new Float32Array(0));
    expect([...empty]).toEqual([0, 0]);
  });

  it('the fused kernels compute: a 2×2 dense gradient and bias + relu by hand', async () => {
    const blas = await binding();
    // x = [[1, 2]], W = [[1, 0], [0, 1]], y = relu(x·W) = [[1, 2]] with the second unit masked by y = 0.
    const dx = new Float32Array(2);
    const dw = new Float32Array(4);
    const db = new Float32Array(2);
    blas.denseGrad(Float32Array.of(1, 2), Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 0), Float32Array.of(3, 5), 1, 2, 2, true, dx, dw, db);
    expect([...db]).toEqual([3, 0]);
    expect([...dw]).toEqual([3, 0, 6, 0]);
    expect([...dx]).toEqual([3, 0]);
    const values = Float32Array.of(-1, 2, -3, 4);
    blas.biasActivate(values, Float32Array.of(0.5, -5), 2, 2, true);
    expect([...values]).toEqual([0, 0, 0, 0]);
  });
});
