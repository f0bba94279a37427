import { describe, expect, it } from 'vitest';
import { smoothTensorBoard } from '../../../../../src/renderer/src/lib/series/smoothing';

/** The debiased EMA written as what it is: a weighted mean with weights w^(n−i)·(1 − w) / (1 − w^n). */
function weightedMeanForm(values: number[], weight: number): number[] {
  return values.map((_, end) => {
    const n = end + 1;
    let sum = 0;
    for (let i = 0; i <= end; i++) sum += Math.pow(weight, end - i) * (1 - weight) * (values[i] as number);
    return sum / (1 - Math.pow(weight, n));
  });
}

describe('smoothTensorBoard', () => {
  it('matches hand-computed debiased values for w = 0.5', () => {
    // n=1: 0.5·1 / 0.5 = 1; n=2: (0.25 + 1) / 0.75 = 5/3; n=3: (0.625 + 1.5) / 0.875 = 17/7.
    const smoothed = smoothTensorBoard([1, 2, 3], 0.5);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeCloseTo(5 / 3, 12);
    expect(smoothed[2]).toBeCloseTo(17 / 7, 12);
  });

  it('equals the closed-form weighted mean on an irregular sequence', () => {
    const values = [3.2, 1.1, 4.7, 0.3, 2.2, 9.1, 0.05, 1.7];
    for (const weight of [0.1, 0.6, 0.9, 0.99]) {
      const smoothed = smoothTensorBoard(values, weight);
      weightedMeanForm(values, weight).forEach((expected, index) => expect(smoothed[index]).toBeCloseTo(expected, 10));
    }
  });

  it('starts at the first value (the debiasing removes the pull towards 0)', () => {
    expect(smoothTensorBoard([100, 50], 0.99)[0]).toBeCloseTo(100, 10);
  });

  it('passes non-finite values through without feeding or advancing the average', () => {
    const smoothed = smoothTensorBoard([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5], 0.5);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeNaN();
    // As if the NaN were absent: n = 2 for the 3 → (0.25 + 1.5) / 0.75 = 7/3.
    expect(smoothed[2]).toBeCloseTo(7 / 3, 12);
    expect(smoothed[3]).toBe(Number.POSITIVE_INFINITY);
    expect(smoothed[4]).toBeCloseTo(weightedMeanForm([1, 3, 5], 0.5)[2] as number, 12);
  });

  it('returns a constant series unchanged (TensorBoard #786)', () => {
    expect(Array.from(smoothTensorBoard([0.1, 0.1, 0.1, 0.1], 0.9))).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('is the identity at weight 0 and handles an empty series', () => {
    expect(Array.from(smoothTensorBoard([3, 1, 2], 0))).toEqual([3, 1, 2]);
    expect(smoothTensorBoard([], 0.6)).toHaveLength(0);
  });

  it('ignores step spacing, as TensorBoard does: smoothing is per point', () => {
    expect(smoothTensorBoard(new Float64Array([1, 2, 3]), 0.5)).toEqual(smoothTensorBoard([1, 2, 3], 0.5));
  });

  it('agrees with Math.pow debiasing (TensorBoard’s form) over a long series', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 100 * Math.exp(-i / 800) + Math.sin(i));
    const smoothed = smoothTensorBoard(values, 0.99);
    let last = 0;
    values.forEach((value, i) => {
      last = last * 0.99 + 0.01 * value;
      expect(smoothed[i]).toBeCloseTo(last / (1 - Math.pow(0.99, i + 1)), 9);
    });
  });

  it('rejects weights outside [0, 1) with a message naming the weight', () => {
    expect(() => smoothTensorBoard([1, 2], 1)).toThrow(/smoothing weight must be in \[0, 1\), got 1/);
    expect(() => smoothTensorBoard([1, 2], -0.1)).toThrow(RangeError);
    expect(() => smoothTensorBoard([1, 2], Number.NaN)).toThrow(/got NaN/);
  });
});
