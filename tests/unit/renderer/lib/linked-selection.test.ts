/** The linked views' selection in the URL and their shared geometry. */
import { describe, expect, it } from 'vitest';
import { defaultAxes, meanCode, parseSelection, pointsInRect, scatterCoordinates, traversalCodes, withSelection } from '../../../../src/renderer/src/lib/linked-selection';
import { parseRoute } from '../../../../src/renderer/src/lib/route';

describe('linked selection in the URL', () => {
  it('round-trips epoch, dimension and axes through the hash, keeping the route', () => {
    const hash = withSelection('#/run/abc/latent', { epoch: 3, dim: 12, axes: [5, 7] });
    expect(hash).toBe('#/run/abc/latent?epoch=3&dim=12&axes=5,7');
    expect(parseSelection(hash)).toEqual({ epoch: 3, dim: 12, axes: [5, 7] });
    expect(parseRoute(hash)).toEqual({ view: 'run', id: 'abc', tab: 'latent' });
    expect(parseSelection(withSelection(hash, { epoch: null, dim: 2, axes: 'pca' }))).toEqual({ epoch: null, dim: 2, axes: 'pca' });
    expect(withSelection(hash, { epoch: null, dim: null, axes: null })).toBe('#/run/abc/latent');
  });

  it('ignores malformed values instead of failing', () => {
    expect(parseSelection('#/run/abc/latent?epoch=-1&dim=x&axes=3,3')).toEqual({ epoch: null, dim: null, axes: null });
    expect(parseSelection('#/run/abc/latent?axes=1,2,3')).toEqual({ epoch: null, dim: null, axes: null });
    expect(parseSelection('#/run/abc')).toEqual({ epoch: null, dim: null, axes: null });
  });
});

describe('linked views geometry', () => {
  it('defaults the scatter to the two dimensions with the most KL', () => {
    expect(defaultAxes([0.1, 3, 0.001, 5], 4)).toEqual([3, 1]);
    expect(defaultAxes([1, 1, 1], 3)).toEqual([0, 1]);
    expect(defaultAxes([], 1)).toBeNull();
  });

  it('plots two columns of μ or the projection, and brushes the points inside a rectangle drawn either way', () => {
    const mu = [0, 1, 2, 10, 11, 12, 20, 21, 22];
    const xy = scatterCoordinates([2, 0], mu, [], 3, 3);
    expect(Array.from(xy)).toEqual([2, 0, 12, 10, 22, 20]);
    expect(Array.from(scatterCoordinates('pca', mu, [1, 2, 3, 4, 5, 6], 3, 3))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pointsInRect(xy, { x0: 0, x1: 15, y0: -1, y1: 11 })).toEqual([0, 1]);
    expect(pointsInRect(xy, { x0: 30, x1: 11, y0: 25, y1: 9 })).toEqual([1, 2]);
  });

  it('takes the mean code of a region and sweeps one dimension from it', () => {
    const mu = [0, 1, 2, 10, 11, 12, 20, 21, 22];
    expect(meanCode(mu, 3, [0, 2])).toEqual([10, 11, 12]);
    expect(meanCode(mu, 3, [])).toBeNull();
    expect(traversalCodes([10, 11, 12], 1, [-1, 1])).toEqual([
      [10, -1, 12],
      [10, 1, 12],
    ]);
  });

  it('brushes among 2,000 points of 64 dimensions', () => {
    const count = 2000;
    const dim = 64;
    const mu = Array.from({ length: count * dim }, (_, i) => Math.sin(i));
    const xy = scatterCoordinates([3, 9], mu, [], count, dim);
    const inside = pointsInRect(xy, { x0: -0.5, x1: 0.5, y0: -0.5, y1: 0.5 });
    expect(inside.length).toBeGreaterThan(0);
    expect(meanCode(mu, dim, inside)).toHaveLength(dim);
  });
});
