/** The linked scatter's arrays, the same ones for the same epoch, axes and region (its painted pictures are keyed by them). */
import { describe, expect, it } from 'vitest';
import type { LatentPayload } from '../../../../src/shared/api';
import { LinkedScatterMemo } from '../../../../src/renderer/src/lib/linked-scatter-memo';
import { pointsInRect, scatterCoordinates } from '../../../../src/renderer/src/lib/linked-selection';
import { hexToRgb, paintScatter } from '../../../../src/renderer/src/lib/latent-scatter-pixels';

function latent(seed: number): LatentPayload {
  const count = 50;
  const dim = 3;
  const mu = Array.from({ length: count * dim }, (_, i) => Math.sin(seed * 7 + i * 1.3) * 2);
  const projection = Array.from({ length: count * 2 }, (_, i) => Math.cos(seed + i * 0.7));
  return { count, dim, mu, projection, labels: Array.from({ length: count }, (_, i) => i % 4) } as unknown as LatentPayload;
}

describe('LinkedScatterMemo', () => {
  it('gives the same coordinates for the same snapshot and axes, and the values scatterCoordinates gives', () => {
    const memo = new LinkedScatterMemo();
    const epoch1 = latent(1);
    const epoch2 = latent(2);
    const xy = memo.xy(epoch1, [0, 2]);
    expect(memo.xy(epoch1, [0, 2])).toBe(xy);
    expect(memo.xy(epoch1, [0, 2] as const)).toBe(xy);
    expect(Array.from(xy)).toEqual(Array.from(scatterCoordinates([0, 2], epoch1.mu, epoch1.projection, epoch1.count, epoch1.dim)));
    expect(memo.xy(epoch1, 'pca')).not.toBe(xy);
    expect(memo.xy(epoch2, [0, 2])).not.toBe(xy);
    expect(Array.from(memo.xy(epoch1, 'pca'))).toEqual(Array.from(scatterCoordinates('pca', epoch1.mu, epoch1.projection, epoch1.count, epoch1.dim)));
  });

  it('gives the same brushed indices while the points and the region stay, new ones for a new region', () => {
    const memo = new LinkedScatterMemo();
    const xy = memo.xy(latent(1), [0, 1]);
    const region = { x0: -1, x1: 1, y0: -2, y1: 0.5 };
    const inside = memo.brushed(xy, region);
    expect(inside).toEqual(pointsInRect(xy, region));
    expect(inside.length).toBeGreaterThan(0);
    expect(memo.brushed(xy, region)).toBe(inside);
    const wider = { ...region, x1: 2 };
    expect(memo.brushed(xy, wider)).not.toBe(inside);
    expect(memo.brushed(xy, wider)).toEqual(pointsInRect(xy, wider));
  });
});

describe('the brushed picture over a remembered faint one', () => {
  it('is the picture of both layers painted at once', () => {
    const xy = latent(3).projection;
    const labels = Array.from({ length: 50 }, (_, i) => i % 4);
    const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'].map(hexToRgb);
    const mapping = { x0: 4, y0: 36, xMin: -1, yMin: -1, sx: 16, sy: 16 };
    const blank = () => ({ width: 40, height: 40, data: new Uint8ClampedArray(40 * 40 * 4) });
    const chosen = [1, 5, 9, 30];
    const atOnce = blank();
    paintScatter(atOnce, xy, labels, palette, mapping, [
      { indices: null, half: 1.5, alpha: 0.25 },
      { indices: chosen, half: 2.5, alpha: 1 },
    ]);
    const base = blank();
    paintScatter(base, xy, labels, palette, mapping, [{ indices: null, half: 1.5, alpha: 0.25 }]);
    const over = { ...base, data: new Uint8ClampedArray(base.data) };
    paintScatter(over, xy, labels, palette, mapping, [{ indices: chosen, half: 2.5, alpha: 1 }]);
    expect(Array.from(over.data)).toEqual(Array.from(atOnce.data));
  });
});
