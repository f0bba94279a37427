/**
 * The colour scale for KL per latent dimension. KL spans about 1e-4 to 10 nats, so the scale is
 * logarithmic: one colour per decade, anchored at the collapse threshold. Decades below the threshold
 * are grey (the dimension carries no information: posterior ≈ prior); decades above follow viridis,
 * which stays ordered for colour-blind readers and in greyscale print.
 */

/** Burda et al. / common practice: a dimension with KL below 0.01 nats is collapsed. */
export const DEFAULT_KL_THRESHOLD = 0.01;

export const COLLAPSED_COLORS = { deep: '#b8b8b8', near: '#8a8a8a' } as const;
const VIRIDIS_DECADES = ['#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

export interface KlBand {
  /** Inclusive lower bound; null = unbounded (also catches 0 and tiny negative estimates). */
  gte: number | null;
  /** Exclusive upper bound; null = unbounded. */
  lt: number | null;
  color: string;
  collapsed: boolean;
  label: string;
}

export function validateThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold <= 0) {
    throw new RangeError(`KL threshold must be a positive number of nats, got ${threshold}`);
  }
}

/** Bands from the lowest to the highest: two collapsed decades under the threshold, four above. */
export function klBands(threshold: number): KlBand[] {
  validateThreshold(threshold);
  const edges = [threshold / 10, threshold, threshold * 10, threshold * 100, threshold * 1000];
  const text = (value: number): string => String(Number(value.toPrecision(3)));
  const bands: KlBand[] = [
    { gte: null, lt: edges[0] as number, color: COLLAPSED_COLORS.deep, collapsed: true, label: `< ${text(edges[0] as number)} (≈ prior)` },
    {
      gte: edges[0] as number,
      lt: threshold,
      color: COLLAPSED_COLORS.near,
      collapsed: true,
      label: `${text(edges[0] as number)} – ${text(threshold)} (≈ prior)`,
    },
  ];
  VIRIDIS_DECADES.forEach((color, index) => {
    const gte = edges[index + 1] as number;
    const lt = index + 2 < edges.length ? (edges[index + 2] as number) : null;
    bands.push({ gte, lt, color, collapsed: false, label: lt === null ? `≥ ${text(gte)}` : `${text(gte)} – ${text(lt)}` });
  });
  return bands;
}

/** The band colour for a KL value; NaN gets the deepest grey (nothing to show). */
export function klColor(value: number, threshold: number): string {
  const bands = klBands(threshold);
  for (const band of bands) {
    if ((band.gte === null || value >= band.gte) && (band.lt === null || value < band.lt)) return band.color;
  }
  return COLLAPSED_COLORS.deep;
}

/** A run's KL per latent dimension at each evaluated epoch, as the KL views draw it. */
export interface KlByEpoch {
  /** Epoch numbers, one per row of `klPerEpoch`. */
  epochs: readonly number[];
  /** klPerEpoch[e][d]: KL of dimension d at epochs[e] (EpochEvaluation.klPerDim), nats. */
  klPerEpoch: readonly (readonly number[])[];
}

/** Dimension indices, optionally sorted by KL at the last epoch (most informative first). */
export function dimensionOrder(klPerEpoch: readonly (readonly number[])[], sortByFinal: boolean): number[] {
  const final = klPerEpoch[klPerEpoch.length - 1] ?? [];
  const order = final.map((_, dimension) => dimension);
  if (!sortByFinal) return order;
  // NaN sorts last; ties keep dimension order so the sort is stable across updates.
  const key = (dimension: number): number => {
    const value = final[dimension] as number;
    return Number.isNaN(value) ? -Infinity : value;
  };
  return order.sort((a, b) => key(b) - key(a) || a - b);
}

/** Shared by the heatmap and the bars so rows line up when they stand side by side. */
export const KL_GRID = { top: 12, bottom: 44 } as const;

export function dimensionLabel(dimension: number): string {
  return `z${dimension}`;
}
