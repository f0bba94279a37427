/**
 * Three trained-looking runs in a real store for the figure tests: validation ELBO, reconstruction
 * and KL per epoch, a training loss per step, and per-epoch evaluations with KL per dimension.
 */
import { epochSnapshotInputs } from '../../../../../src/main/core/runs/snapshot-codec';
import type { RunStore } from '../../../../../src/main/core/store';
import type { ImageGrid } from '../../../../../src/shared/training-report';
import type { FigureSpecInput } from '../../../../../src/shared/figures/figure-spec';
import { EVAL_KEYS, TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import type { MetricPoint } from '../../../../../src/shared/runs';

export const EPOCHS = 10;
export const LATENT_DIMS = 16;

export interface FixtureRun {
  id: string;
  name: string;
  finalElbo: number;
}

/** The run's KL of dimension d after `epoch` epochs: a few active dimensions, the rest collapsed. */
export function klOf(runIndex: number, dim: number, epoch: number): number {
  const active = 4 + runIndex * 3;
  return dim < active ? (2.5 - dim * 0.15) * (1 - Math.exp(-epoch / 3)) : 0.002 + 0.0005 * dim;
}

export function seedFigureRuns(store: RunStore, latentDims = LATENT_DIMS): FixtureRun[] {
  const names = ['beta 1', 'beta 4 warm-up', 'free bits 0.5'];
  return names.map((name, runIndex) => {
    const run = store.createRun({ name, config: { model: { latentDim: latentDims } }, seed: runIndex + 1 });
    const points: MetricPoint[] = [];
    const start = 1_700_000_000_000;
    for (let step = 0; step < EPOCHS * 50; step++) {
      points.push({ key: TRAIN_KEYS.loss, step, epoch: Math.floor(step / 50), wallTime: start + step * 100, value: 200 * Math.exp(-step / 80) + 100 + runIndex * 5 + Math.sin(step) * 3 });
    }
    let finalElbo = 0;
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      const step = epoch * 50 - 1;
      const klPerDim = Array.from({ length: latentDims }, (_, d) => klOf(runIndex, d, epoch));
      const kl = klPerDim.reduce((sum, value) => sum + value, 0);
      const recon = 140 - epoch * 3 - runIndex * 4 + 30 / epoch;
      finalElbo = -(recon + kl);
      const wallTime = start + step * 100;
      points.push(
        { key: EVAL_KEYS.elbo, step, epoch, wallTime, value: finalElbo },
        { key: EVAL_KEYS.recon, step, epoch, wallTime, value: recon },
        { key: EVAL_KEYS.kl, step, epoch, wallTime, value: kl },
      );
      store.saveSnapshot({ runId: run.id, epoch, kind: 'evaluation', data: { epoch, step, recon, kl, elbo: finalElbo, klPerDim }, meta: { step } });
      saveLatentSnapshot(store, run.id, epoch, step, latentDims);
    }
    store.appendMetrics(run.id, points);
    return { id: run.id, name, finalElbo };
  });
}

/** The figure: validation ELBO of three runs; KL per dimension of two runs, shared axes. */
export function twoPanelSpec(runs: readonly FixtureRun[], overrides: Partial<FigureSpecInput> = {}): FigureSpecInput {
  return {
    name: 'elbo and kl',
    runs: runs.map((run) => run.id),
    panels: [
      { kind: 'curves', metric: EVAL_KEYS.elbo, x: 'epoch' },
      { kind: 'kl-per-dim', style: 'bars', runs: runs.slice(0, 2).map((run) => run.id) },
    ],
    layout: { columns: 2, shareY: true, panelLetters: true },
    size: { width: 3.25, height: 2.2, unit: 'in' },
    font: { family: 'serif', sizePt: 8 },
    ...overrides,
  };
}

export const LATENT_POINTS = 200;

/** Class c's points sit around (cos, sin) of c·36°, spreading as training goes on. */
export function latentPoint(index: number, epoch: number): [number, number] {
  const label = index % 10;
  const angle = (label * Math.PI) / 5;
  const jitter = ((index * 7919) % 100) / 100 - 0.5;
  return [Math.cos(angle) * epoch * 0.3 + jitter * 0.2, Math.sin(angle) * epoch * 0.3 - jitter * 0.2];
}

/** Stores an epoch's snapshot (latent codes, image grids) exactly as the host does, through snapshot-codec. */
function saveLatentSnapshot(store: RunStore, runId: string, epoch: number, step: number, dim: number): void {
  const projection = new Float32Array(LATENT_POINTS * 2);
  for (let i = 0; i < LATENT_POINTS; i++) projection.set(latentPoint(i, epoch), 2 * i);
  // 2 × 4 tiles of 8 × 8 grey ramps: enough to see that the figure draws the stored pixels.
  const grid: ImageGrid = { width: 32, height: 16, channels: 1, rows: 2, columns: 4, tileWidth: 8, tileHeight: 8, pixels: Uint8Array.from({ length: 32 * 16 }, (_, i) => (i * 7 + epoch * 13) % 256) };
  const inputs = epochSnapshotInputs(runId, {
    epoch,
    step,
    latent: {
      dim,
      count: LATENT_POINTS,
      mu: new Float32Array(LATENT_POINTS * dim),
      labels: Int32Array.from({ length: LATENT_POINTS }, (_, i) => i % 10),
      projection,
      projectionKind: 'pca',
      explainedVarianceRatio: [0.42, 0.21],
    },
    reconstructions: grid,
    priorSamples: grid,
    traversals: null,
  });
  for (const input of inputs) store.saveSnapshot(input);
}
