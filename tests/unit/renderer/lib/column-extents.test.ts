/** Each latent dimension's finite μ range, computed once per μ array. */
import { describe, expect, it } from 'vitest';
import { columnExtents } from '../../../../src/renderer/src/lib/latent-axes';

describe('columnExtents', () => {
  it('gives each column its finite min and max, ±Infinity where a column has none', () => {
    const mu = [1, Number.NaN, -2, Number.POSITIVE_INFINITY, 5, Number.NEGATIVE_INFINITY, 0, Number.NaN];
    const { lows, highs } = columnExtents(mu, 2);
    expect(Array.from(lows)).toEqual([-2, Number.POSITIVE_INFINITY]);
    expect(Array.from(highs)).toEqual([5, Number.NEGATIVE_INFINITY]);
  });

  it('answers the same μ array from memory, and a different dimension count afresh', () => {
    const mu = [1, 2, 3, 4];
    const first = columnExtents(mu, 2);
    expect(columnExtents(mu, 2)).toBe(first);
    const asOne = columnExtents(mu, 1);
    expect(Array.from(asOne.lows)).toEqual([1]);
    expect(Array.from(asOne.highs)).toEqual([4]);
  });
});
