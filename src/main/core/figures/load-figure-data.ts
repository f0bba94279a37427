/**
 * Reads what a figure spec names from the run store: each run's name, the series its curve panels
 * plot, its per-epoch evaluations, latent codes and image grids, and the interpolation strips its
 * spec does not hold yet (decoded with `decode`). A run that is not in the store is an error naming it.
 */
import type { FigureData, FigureEvaluation, FigureLatent, FigurePoint, FigureRunData } from '../../../shared/figures/figure-data';
import type { FigureSpec } from '../../../shared/figures/figure-spec';
import { epochSnapshotPayload, SNAPSHOT_KINDS } from '../runs/snapshot-codec';
import { decodeFigureStrips, type StripDecoder } from './decode-figure-strips';
import { loadFigureImages, wantedImages } from './load-figure-images';
import type { RunStore } from '../store/run-store';

/** Enough buckets that a figure's curve is every stored point for any ordinary run. */
const FIGURE_BUCKETS = 20_000;

/** `decode` null: a host that cannot start a decoder; missing strips then say so in their panel. */
export async function loadFigureData(store: RunStore, spec: FigureSpec, workbenchVersion: string, decode: StripDecoder | null = null): Promise<FigureData> {
  const metrics = [...new Set(spec.panels.flatMap((panel) => (panel.kind === 'curves' ? [panel.metric] : [])))];
  const latentEpochs = spec.panels.flatMap((panel) => (panel.kind === 'latent-scatter' ? [panel.epoch] : []));
  const images = wantedImages(spec);
  const runs = spec.runs.map((id) => ({ ...loadRun(store, id, metrics, latentEpochs), images: loadFigureImages(store, id, images) }));
  return { runs, strips: await decodeFigureStrips(store, spec, decode), workbenchVersion };
}

function loadRun(store: RunStore, id: string, metrics: readonly string[], latentEpochs: readonly (number | 'last')[]): Omit<FigureRunData, 'images'> {
  const run = store.getRun(id);
  const keys = new Set(store.listMetricKeys(id));
  const series: Record<string, FigurePoint[]> = {};
  for (const key of metrics) {
    if (!keys.has(key)) continue;
    const buckets = store.getSeries(id, key, { buckets: FIGURE_BUCKETS }).points;
    const start = buckets[0]?.wallTime ?? 0;
    series[key] = buckets.map((bucket) => ({ step: bucket.stepEnd, epoch: bucket.epoch, time: (bucket.wallTime - start) / 1000, value: bucket.last }));
  }
  const evaluations = store
    .listSnapshots(id, SNAPSHOT_KINDS.evaluation)
    .sort((a, b) => a.epoch - b.epoch)
    .flatMap((info): FigureEvaluation[] => {
      const data = store.getSnapshot(id, SNAPSHOT_KINDS.evaluation, info.epoch).data as Partial<FigureEvaluation> | null;
      if (!data || typeof data.recon !== 'number' || typeof data.kl !== 'number') return [];
      return [{ epoch: info.epoch, step: data.step ?? 0, recon: data.recon, kl: data.kl, klPerDim: Array.isArray(data.klPerDim) ? data.klPerDim : [] }];
    });
  return { id, name: run.name, series, evaluations, latents: loadLatents(store, id, latentEpochs) };
}

/** The latent snapshots asked for ('last' is the newest the run has); epochs without one are skipped. */
function loadLatents(store: RunStore, id: string, wanted: readonly (number | 'last')[]): FigureLatent[] {
  if (wanted.length === 0) return [];
  const available = store.listSnapshots(id, SNAPSHOT_KINDS.latent).map((info) => info.epoch);
  const last = available.length > 0 ? Math.max(...available) : null;
  const epochs = [...new Set(wanted.map((epoch) => (epoch === 'last' ? last : epoch)))].filter((epoch): epoch is number => epoch !== null && available.includes(epoch));
  return epochs.flatMap((epoch): FigureLatent[] => {
    const latent = epochSnapshotPayload(id, epoch, [store.getSnapshot(id, SNAPSHOT_KINDS.latent, epoch)]).latent;
    if (!latent) return [];
    return [{ epoch, projection: latent.projection, labels: latent.labels, projectionKind: latent.projectionKind, explainedVarianceRatio: latent.explainedVarianceRatio }];
  });
}
