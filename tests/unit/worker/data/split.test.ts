import { describe, expect, it } from 'vitest';
import { gatherLabels, gatherRows, stratifiedSplit, testQuotas } from '../../../../src/worker/data/split';

describe('testQuotas (largest remainder)', () => {
  it('gives each class its proportional share and hits round(n·f) in total', () => {
    expect(testQuotas([10, 10, 10], 0.1)).toEqual([1, 1, 1]);
    // Exact shares 0.5, 1.5, 0.3: floors 0, 1, 0; total round(2.3) = 2; the extra one goes to the
    // largest remainder, a tie between classes 0 and 1, broken towards the lower index.
    expect(testQuotas([5, 15, 3], 0.1)).toEqual([1, 1, 0]);
    expect(testQuotas([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], 0.1)).toEqual([100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
  });

  it('breaks true ties towards the lower class even when float error says otherwise', () => {
    // Shares 0.4 and 1.4, one extra to give: in floats 14·0.1 − 1 = 0.40000000000000013 > 0.4.
    expect(testQuotas([4, 14], 0.1)).toEqual([1, 1]);
  });

  it('handles fractions 0 and classes of one item', () => {
    expect(testQuotas([4, 7], 0)).toEqual([0, 0]);
    expect(testQuotas([1, 1, 1, 1], 0.5)).toEqual([1, 1, 0, 0]);
  });
});

describe('stratifiedSplit', () => {
  const labels = Int32Array.from({ length: 103 }, (_, i) => (i * 7) % 4);

  it('partitions all indices into ascending, disjoint train and test lists', () => {
    const { trainIndices, testIndices } = stratifiedSplit(labels, 4, 0.2, 5);
    const all = [...trainIndices, ...testIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect([...trainIndices]).toEqual([...trainIndices].sort((a, b) => a - b));
    expect([...testIndices]).toEqual([...testIndices].sort((a, b) => a - b));
    expect(testIndices.length).toBe(Math.round(103 * 0.2));
  });

  it('holds out each class in proportion', () => {
    const { testIndices } = stratifiedSplit(labels, 4, 0.2, 5);
    const counts = [0, 1, 2, 3].map((c) => [...testIndices].filter((i) => labels[i] === c).length);
    const sizes = [0, 1, 2, 3].map((c) => labels.filter((l) => l === c).length);
    expect(counts).toEqual(testQuotas(sizes, 0.2));
  });

  it('is a function of the seed', () => {
    expect(stratifiedSplit(labels, 4, 0.2, 5)).toEqual(stratifiedSplit(labels, 4, 0.2, 5));
    expect(stratifiedSplit(labels, 4, 0.2, 5).testIndices).not.toEqual(stratifiedSplit(labels, 4, 0.2, 6).testIndices);
  });

  it('rejects a label outside the class range', () => {
    expect(() => stratifiedSplit(Int32Array.from([0, 3]), 3, 0.5, 1)).toThrow(/label 3 at item 1 is outside 0\.\.2/);
  });
});

describe('gatherRows / gatherLabels', () => {
  it('copies the named rows in order', () => {
    const rows = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(rows, 2, Int32Array.from([2, 0])))).toEqual([20, 21, 0, 1]);
    expect(Array.from(gatherLabels(Int32Array.from([5, 6, 7]), Int32Array.from([2, 0])))).toEqual([7, 5]);
  });
});
