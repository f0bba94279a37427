/** traversalRanges in one pass over μ gives what the column-by-column definition gives, NaNs and all. */
import { describe, expect, it } from 'vitest';
import { traversalRanges } from '../../../../src/renderer/src/lib/latent-axes';
import { latentColumn, traversalRange } from '../../../../src/renderer/src/lib/latent-math';

describe('traversal ranges in one pass', () => {
  it('equal each column’s own range, with the sweep, for 64 dimensions × 2,000 points', () => {
    const dim = 64;
    const mu = Array.from({ length: 2000 * dim }, (_, i) => (i % 997 === 0 ? Number.NaN : 6 * Math.sin(i * 0.37) * (1 + (i % dim) / 16)));
    const sweep = [-3.3, 3.3];
    const expected = Array.from({ length: dim }, (_, d) => traversalRange([...latentColumn(mu, dim, d), ...sweep]));
    expect(traversalRanges({ mu, dim }, sweep)).toEqual(expected);
    // A dimension with no finite value falls back to the prior's ±3.
    expect(traversalRanges({ mu: [Number.NaN, 1, Number.NaN, 2], dim: 2 }, [])).toEqual([
      [-3, 3],
      [-3, 3],
    ]);
  });
});
