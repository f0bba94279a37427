/**
 * The linked scatter's coordinates and brushed points, remembered per snapshot: the same epoch,
 * axes and brushed region give back the very same arrays. Going back to an epoch then costs no new
 * arrays, and the scatter's painted pictures (charts/painted-frames.ts), keyed by these arrays'
 * identity, are found again. Pure.
 */
import type { LatentPayload } from '../../../shared/api';
import { pointsInRect, scatterCoordinates, type BrushRect, type ScatterAxes } from './linked-selection';

export class LinkedScatterMemo {
  private readonly coordinates = new WeakMap<LatentPayload, Map<string, Float32Array>>();
  private readonly inside = new WeakMap<Float32Array, { rect: BrushRect; indices: number[] }>();

  /** The points on `axes` (two dimensions of μ, or the PCA projection), count × 2. */
  xy(latent: LatentPayload, axes: ScatterAxes): Float32Array {
    let byAxes = this.coordinates.get(latent);
    if (!byAxes) {
      byAxes = new Map();
      this.coordinates.set(latent, byAxes);
    }
    const key = axes === 'pca' ? 'pca' : axes.join(',');
    let xy = byAxes.get(key);
    if (!xy) {
      xy = scatterCoordinates(axes, latent.mu, latent.projection, latent.count, latent.dim);
      byAxes.set(key, xy);
    }
    return xy;
  }

  /** The indices of the points of `xy` inside `rect`; the same array while both stay the same. */
  brushed(xy: Float32Array, rect: BrushRect): number[] {
    const known = this.inside.get(xy);
    if (known && known.rect === rect) return known.indices;
    const indices = pointsInRect(xy, rect);
    this.inside.set(xy, { rect, indices });
    return indices;
  }
}
