/**
 * Interpolation strips for a figure's interpolation panels, decoded by the host the way the latent
 * explorer decodes: the endpoints are two held-out points' posterior means from the epoch's latent
 * snapshot, the path between them is the explorer's (shared/latent-interpolation), and the run's
 * decoder at that epoch's checkpoint draws it (RunService.decode, a decoder worker process).
 *
 * A figure stores its strips when it is saved (storeDecodedStrips), so it re-renders from the store
 * alone after the checkpoint is pruned or the run trains on; panels whose spec already holds their
 * strip are not decoded again.
 */
import type { DecodedStripResult } from '../../../shared/figures/figure-data';
import { type DecodedStrip, type FigureSpec, type StripRequest, stripAnswers, stripRequest } from '../../../shared/figures/figure-spec';
import { messageOf } from '../../../shared/errors';
import { interpolationPath } from '../../../shared/latent-interpolation';
import type { ImageGrid } from '../../../shared/training-report';
import { epochSnapshotPayload, SNAPSHOT_KINDS } from '../runs/snapshot-codec';
import type { RunStore } from '../store/run-store';
import { gridPng } from './grid-png';

/** Decodes latent vectors with a run's checkpoint of one epoch (RunService.decode). */
export type StripDecoder = (runId: string, zs: number[][], epoch: number) => Promise<ImageGrid>;

/** The requests of interpolation panels that hold no strip answering them. */
export function missingStrips(spec: FigureSpec): StripRequest[] {
  const requests = spec.panels.flatMap((panel) => {
    if (panel.kind !== 'interpolation') return [];
    const request = stripRequest(spec, panel);
    return request && !(panel.strip && stripAnswers(panel.strip, request)) ? [request] : [];
  });
  return requests.filter((request, index) => requests.findIndex((other) => JSON.stringify(other) === JSON.stringify(request)) === index);
}

/** Decodes every missing strip; one that cannot be decoded says why instead of failing the figure. */
export async function decodeFigureStrips(store: RunStore, spec: FigureSpec, decode: StripDecoder | null): Promise<DecodedStripResult[]> {
  const results: DecodedStripResult[] = [];
  for (const request of missingStrips(spec)) {
    try {
      if (!decode) throw new Error('this host cannot decode: no decoder');
      results.push({ request, strip: await decodeStrip(store, request, decode), problem: null });
    } catch (error) {
      results.push({ request, strip: null, problem: messageOf(error) });
    }
  }
  return results;
}

/** The spec with each interpolation panel's strip filled in from `results`, for saving. */
export function withDecodedStrips(spec: FigureSpec, results: readonly DecodedStripResult[]): FigureSpec {
  return {
    ...spec,
    panels: spec.panels.map((panel) => {
      if (panel.kind !== 'interpolation') return panel;
      const request = stripRequest(spec, panel);
      const strip = request ? results.find((result) => result.strip && stripAnswers(result.strip, request))?.strip : undefined;
      return strip ? { ...panel, strip } : panel;
    }),
  };
}

async function decodeStrip(store: RunStore, request: StripRequest, decode: StripDecoder): Promise<DecodedStrip> {
  const run = store.getRun(request.runId);
  const epoch = decodableEpoch(store, request);
  const latent = epochSnapshotPayload(run.id, epoch, [store.getSnapshot(run.id, SNAPSHOT_KINDS.latent, epoch)]).latent;
  if (!latent) throw new Error(`run "${run.name}" has no held-out latent codes at epoch ${epoch}`);
  const row = (index: number): number[] => {
    if (index >= latent.count) throw new Error(`held-out point ${index} is out of range: epoch ${epoch} of "${run.name}" has points 0 to ${latent.count - 1}`);
    return latent.mu.slice(index * latent.dim, (index + 1) * latent.dim);
  };
  const grid = await decode(run.id, interpolationPath(request.path, row(request.from), row(request.to), request.steps), epoch);
  return {
    runId: run.id,
    epoch,
    from: request.from,
    to: request.to,
    path: request.path,
    steps: request.steps,
    fromLabel: latent.labels[request.from] ?? null,
    toLabel: latent.labels[request.to] ?? null,
    width: grid.width,
    height: grid.height,
    pngBase64: gridPng(grid),
  };
}

/** The asked epoch, or for 'last' the newest that has both held-out latent codes and a checkpoint. */
function decodableEpoch(store: RunStore, request: StripRequest): number {
  const run = store.getRun(request.runId);
  const withCodes = new Set(store.listSnapshots(run.id, SNAPSHOT_KINDS.latent).map((info) => info.epoch));
  const checkpointed = [...new Set(store.listCheckpoints(run.id).map((checkpoint) => checkpoint.epoch))].sort((a, b) => a - b);
  if (request.epoch !== 'last') {
    if (!withCodes.has(request.epoch)) throw new Error(`run "${run.name}" has no held-out latent codes at epoch ${request.epoch}`);
    if (!checkpointed.includes(request.epoch)) {
      throw new Error(`run "${run.name}" keeps no checkpoint of epoch ${request.epoch} to decode with (kept: ${checkpointed.join(', ') || 'none'})`);
    }
    return request.epoch;
  }
  const epoch = checkpointed.filter((candidate) => withCodes.has(candidate)).at(-1);
  if (epoch === undefined) throw new Error(`run "${run.name}" has no epoch with both held-out latent codes and a checkpoint`);
  return epoch;
}
