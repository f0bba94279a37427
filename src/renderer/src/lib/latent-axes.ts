/**
 * How the latent explorer names and scales its axes. One naming everywhere: dimension d is
 * `dimensionLabel(d)` (z0, z1, …) on the scatter, the sliders, the grids and the KL charts. Pure.
 */
import type { LatentPayload } from '../../../shared/api';
import { dimensionLabel } from '../charts/kl-scale';
import { traversalRange } from './latent-math';

/** The scatter's x and y axis names, and the sentence that says what is plotted. */
export function scatterAxisNames(latent: Pick<LatentPayload, 'projectionKind' | 'explainedVarianceRatio' | 'dim'> | null): [string, string, string] {
  if (!latent) return [dimensionLabel(0), dimensionLabel(1), ''];
  if (latent.projectionKind === 'identity') return [dimensionLabel(0), dimensionLabel(1), `μ plotted directly: the latent space is 2-D.`];
  if (latent.projectionKind === 'pad') return [dimensionLabel(0), '(none)', 'μ on one axis: the latent space is 1-D.'];
  const [first, second] = latent.explainedVarianceRatio ?? [Number.NaN, Number.NaN];
  const percent = (value: number): string => (Number.isFinite(value) ? `${Math.round(value * 100)}%` : '?');
  return [
    `PC1 (${percent(first)})`,
    `PC2 (${percent(second)})`,
    `PCA of the ${latent.dim}-D μ: the two axes explain ${percent(first)} and ${percent(second)} of its variance.`,
  ];
}

export interface ColumnExtents {
  /** Each dimension's smallest finite μ; +Infinity where it has none. */
  lows: Float64Array;
  /** Each dimension's largest finite μ; −Infinity where it has none. */
  highs: Float64Array;
}

const extentsByMu = new WeakMap<readonly number[], { dim: number; extents: ColumnExtents }>();

/**
 * Each dimension's finite min and max over μ (count × dim, row-major), in one pass without copying
 * columns, and remembered per μ array: snapshots are cached by epoch, so an epoch chosen again (the
 * linked views, the slider) costs nothing here, where 64 dimensions × 2,000 points cost ~1 ms.
 */
export function columnExtents(mu: readonly number[], dim: number): ColumnExtents {
  const known = extentsByMu.get(mu);
  if (known && known.dim === dim) return known.extents;
  const lows = new Float64Array(dim).fill(Number.POSITIVE_INFINITY);
  const highs = new Float64Array(dim).fill(Number.NEGATIVE_INFINITY);
  const used = Math.floor(mu.length / dim) * dim;
  for (let row = 0; row < used; row += dim) {
    for (let d = 0; d < dim; d++) {
      const value = mu[row + d] as number;
      // NaN fails both comparisons; the infinities are kept out explicitly.
      if (value < (lows[d] as number) && value !== Number.NEGATIVE_INFINITY) lows[d] = value;
      if (value > (highs[d] as number) && value !== Number.POSITIVE_INFINITY) highs[d] = value;
    }
  }
  const extents = { lows, highs };
  extentsByMu.set(mu, { dim, extents });
  return extents;
}

/** Each dimension's traversal slider range: its μ over the snapshot's points and the host's sweep values. */
export function traversalRanges(latent: Pick<LatentPayload, 'mu' | 'dim'>, sweep: readonly number[]): [number, number][] {
  const { lows, highs } = columnExtents(latent.mu, latent.dim);
  // traversalRange skips the infinities a dimension without finite values keeps.
  return Array.from(lows, (low, d) => traversalRange([low, highs[d] as number, ...sweep]));
}
