import { describe, expect, it } from 'vitest';
import { dimensionLabel } from '../../../../src/renderer/src/charts/kl-scale';
import { scatterAxisNames, traversalRanges } from '../../../../src/renderer/src/lib/latent-axes';
import { latentColumn, traversalRange } from '../../../../src/renderer/src/lib/latent-math';

describe('latent explorer axes', () => {
  it('names dimensions one way: the 2-D scatter says z0 and z1, as the sliders and KL charts do', () => {
    expect(scatterAxisNames({ projectionKind: 'identity', explainedVarianceRatio: null, dim: 2 }).slice(0, 2)).toEqual(['z0', 'z1']);
    expect(scatterAxisNames({ projectionKind: 'identity', explainedVarianceRatio: null, dim: 2 })[0]).toBe(dimensionLabel(0));
    expect(scatterAxisNames({ projectionKind: 'pad', explainedVarianceRatio: null, dim: 1 }).slice(0, 2)).toEqual(['z0', '(none)']);
    expect(scatterAxisNames({ projectionKind: 'pca', explainedVarianceRatio: [0.42, 0.2], dim: 20 }).slice(0, 2)).toEqual(['PC1 (42%)', 'PC2 (20%)']);
  });

  it('lets the traversal sliders reach every value the data has, never less than ±3', () => {
    // Three points in 2-D: dimension 0 reaches 4.28, dimension 1 stays inside ±3.
    const mu = [4.28, 0.5, -1, -2.2, 0, 1];
    expect(latentColumn(mu, 2, 0)).toEqual([4.28, -1, 0]);
    expect(traversalRanges({ mu, dim: 2 }, [])).toEqual([
      [-3, 4.5],
      [-3, 3],
    ]);
    // The host's own sweep (shown in the traversal grid's caption) is reachable too.
    expect(traversalRanges({ mu, dim: 2 }, [-5.1, 5.1])[1]).toEqual([-5.5, 5.5]);
    expect(traversalRange([Number.NaN, Number.POSITIVE_INFINITY, -3.2])).toEqual([-3.5, 3]);
  });
});
