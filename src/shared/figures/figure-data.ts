/**
 * The numbers a figure spec names, as the host reads them from the store: per run, the metric series
 * its curve panels plot and its per-epoch evaluations (KL per dimension, rate and distortion).
 * Plain JSON, so the same object travels to the renderer's preview and feeds the headless render.
 */
import type { DecodedStrip, StripRequest } from './figure-spec';

export interface FigurePoint {
  step: number;
  epoch: number;
  /** Seconds since the run's first point of this series. */
  time: number;
  value: number;
}

export interface FigureEvaluation {
  /** Epochs completed when it was taken (1 after the first). */
  epoch: number;
  step: number;
  /** Held-out reconstruction term, nats per example: the distortion. */
  recon: number;
  /** Held-out KL(q(z|x) ‖ p(z)), nats per example: the rate. */
  kl: number;
  klPerDim: number[];
}

/** Held-out points' posterior means projected to 2-D (μ itself for a 2-D latent, else PCA), by class. */
export interface FigureLatent {
  epoch: number;
  /** count × 2, row-major. */
  projection: number[];
  labels: number[];
  projectionKind: 'identity' | 'pad' | 'pca';
  explainedVarianceRatio: [number, number] | null;
}

/** One epoch's image grid, as a PNG (the stored pixels, losslessly). */
export interface FigureImageGrid {
  epoch: number;
  grid: 'reconstructions' | 'samples' | 'traversals';
  /** Pixels of the whole grid. */
  width: number;
  height: number;
  rows: number;
  columns: number;
  pngBase64: string;
}

export interface FigureRunData {
  id: string;
  name: string;
  /** Metric key → every stored point (or the host's downsampled bucket ends for very long series). */
  series: Record<string, FigurePoint[]>;
  /** Ascending by epoch. */
  evaluations: FigureEvaluation[];
  /** Latent snapshots the spec's scatter panels name (by epoch); empty when it has none. */
  latents: FigureLatent[];
  /** Image grids the spec's image panels name. */
  images: FigureImageGrid[];
}

/**
 * An interpolation strip the host decoded for a panel whose spec holds none (or holds one for other
 * endpoints): the strip, or why it could not be decoded (no checkpoint kept for that epoch, …).
 */
export interface DecodedStripResult {
  request: StripRequest;
  strip: DecodedStrip | null;
  problem: string | null;
}

export interface FigureData {
  /** In the spec's run order. */
  runs: FigureRunData[];
  /** Strips decoded for this render; panels whose spec already holds their strip are not here. */
  strips: DecodedStripResult[];
  /** The workbench version that read the data, for the provenance. */
  workbenchVersion: string;
}
