import { describe, expect, it } from 'vitest';
import { axisTaps, resizeImage } from '../../../../src/worker/data/resize';

const resizeRow = (row: number[], to: number) => Array.from(resizeImage(Float32Array.from(row), 1, row.length, 1, 1, to));

describe('resizeImage', () => {
  it('shrinks by area averaging: an integer factor averages whole blocks', () => {
    expect(resizeRow([0, 1, 2, 3], 2)).toEqual([0.5, 2.5]);
  });

  it('shrinks by area averaging: a fractional factor weights partly covered pixels by their overlap', () => {
    // 3 -> 2: output 0 covers source [0, 1.5), output 1 covers [1.5, 3).
    const [a, b, c] = [0.3, 0.6, 0.9];
    const out = resizeRow([a, b, c], 2);
    expect(out[0]).toBeCloseTo((a + 0.5 * b) / 1.5, 6);
    expect(out[1]).toBeCloseTo((0.5 * b + c) / 1.5, 6);
  });

  it('enlarges bilinearly with pixel centres at i + 0.5 and clamped edges', () => {
    // 2 -> 4: output centres map to source -0.25, 0.25, 0.75, 1.25 (clamped to 0 and 1).
    expect(resizeRow([0, 1], 4)).toEqual([0, 0.25, 0.75, 1]);
    // 2 -> 3: centres map to -1/6, 0.5, 7/6.
    const out = resizeRow([0.2, 0.8], 3);
    expect(out[0]).toBeCloseTo(0.2, 6);
    expect(out[1]).toBeCloseTo(0.5, 6);
    expect(out[2]).toBeCloseTo(0.8, 6);
  });

  it('resizes both axes of a tiny 2D image (4×4 -> 2×2 block means)', () => {
    // prettier-ignore
    const image = Float32Array.from([
      0, 0, 1, 1,
      0, 0, 1, 1,
      1, 1, 0.5, 0.5,
      1, 0, 0.5, 0.5,
    ]);
    expect(Array.from(resizeImage(image, 4, 4, 1, 2, 2))).toEqual([0, 1, 0.75, 0.5]);
  });

  it('shrinks one axis and enlarges the other in one call', () => {
    // 2 rows × 4 cols -> 4 rows × 2 cols.
    const image = Float32Array.from([0, 0, 1, 1, 1, 1, 1, 1]);
    const out = Array.from(resizeImage(image, 2, 4, 1, 4, 2));
    expect(out).toEqual([0, 1, 0.25, 1, 0.75, 1, 1, 1]);
  });

  it('keeps channels apart (HWC)', () => {
    const rgb = Float32Array.from([1, 0, 0, 0, 1, 0]); // one row: red, green
    expect(Array.from(resizeImage(rgb, 1, 2, 3, 1, 1))).toEqual([0.5, 0.5, 0]);
  });

  it('maps a constant image to the same constant at any size (weights sum to 1)', () => {
    for (const [h, w, th, tw] of [
      [7, 5, 3, 2],
      [3, 4, 11, 9],
      [28, 28, 17, 40],
    ] as const) {
      const out = resizeImage(new Float32Array(h * w).fill(0.37), h, w, 1, th, tw);
      for (const v of out) expect(v).toBeCloseTo(0.37, 5);
    }
  });

  it('preserves the mean when shrinking by area (it integrates the image)', () => {
    const image = Float32Array.from({ length: 10 * 10 }, (_, i) => ((i * 37) % 11) / 10);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(resizeImage(image, 10, 10, 1, 4, 4))).toBeCloseTo(mean(image), 5);
  });

  it('returns a copy at the same size', () => {
    const image = Float32Array.from([0.1, 0.2]);
    const out = resizeImage(image, 1, 2, 1, 1, 2);
    expect(out).toEqual(image);
    expect(out).not.toBe(image);
  });

  it('rejects a zero size', () => {
    expect(() => axisTaps(0, 3)).toThrow(/cannot resize 0 pixels to 3/);
  });
});
