/**
 * Per-epoch snapshots as the store keeps them and as the API sends them. Latent codes and image
 * grids are stored as BLOBs (typed-array bytes, a few hundred KB per epoch rather than megabytes of
 * JSON); the evaluation is small JSON. On the way out, bytes become arrays / base64 for JSON transports.
 */
import type { EpochSnapshotPayload, ImageGridPayload, LatentPayload } from '../../../shared/api';
import type { Snapshot, SnapshotInput, SnapshotMeta } from '../../../shared/runs';
import type { EpochEvaluation, EpochSnapshot, ImageGrid } from '../../../shared/training-report';

export const SNAPSHOT_KINDS = {
  evaluation: 'evaluation',
  /** The test set's evaluation: when the run finished, or on request; one per epoch, the newest kept. */
  testEvaluation: 'test-evaluation',
  latent: 'latent',
  reconstructions: 'reconstructions',
  priorSamples: 'prior_samples',
  traversals: 'traversals',
} as const;

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A typed array over a copy of `bytes[start, start + count·4)` (stored BLOBs need not be 4-byte aligned). */
function float32At(bytes: Uint8Array, start: number, count: number): Float32Array {
  return new Float32Array(bytes.slice(start, start + count * 4).buffer);
}
function int32At(bytes: Uint8Array, start: number, count: number): Int32Array {
  return new Int32Array(bytes.slice(start, start + count * 4).buffer);
}

function gridMeta(grid: ImageGrid): SnapshotMeta {
  return {
    width: grid.width,
    height: grid.height,
    channels: grid.channels,
    rows: grid.rows,
    columns: grid.columns,
    tileWidth: grid.tileWidth,
    tileHeight: grid.tileHeight,
  };
}

export function evaluationSnapshot(runId: string, evaluation: EpochEvaluation): SnapshotInput {
  return { runId, epoch: evaluation.epoch, kind: SNAPSHOT_KINDS.evaluation, data: evaluation, meta: { step: evaluation.step } };
}

/** A final test evaluation, kept apart from the per-epoch curve (which may itself be on the test set when no validation is held out). */
export function testEvaluationSnapshot(runId: string, evaluation: EpochEvaluation): SnapshotInput {
  return { runId, epoch: evaluation.epoch, kind: SNAPSHOT_KINDS.testEvaluation, data: evaluation, meta: { step: evaluation.step } };
}

export function epochSnapshotInputs(runId: string, snapshot: EpochSnapshot): SnapshotInput[] {
  const { epoch, step, latent } = snapshot;
  const inputs: SnapshotInput[] = [
    {
      runId,
      epoch,
      kind: SNAPSHOT_KINDS.latent,
      data: concatBytes([bytesOf(latent.mu), bytesOf(latent.labels), bytesOf(latent.projection)]),
      meta: {
        step,
        dim: latent.dim,
        count: latent.count,
        projectionKind: latent.projectionKind,
        explained0: latent.explainedVarianceRatio?.[0] ?? null,
        explained1: latent.explainedVarianceRatio?.[1] ?? null,
      },
    },
    { runId, epoch, kind: SNAPSHOT_KINDS.reconstructions, data: snapshot.reconstructions.pixels, meta: { step, ...gridMeta(snapshot.reconstructions) } },
    { runId, epoch, kind: SNAPSHOT_KINDS.priorSamples, data: snapshot.priorSamples.pixels, meta: { step, ...gridMeta(snapshot.priorSamples) } },
  ];
  if (snapshot.traversals) {
    inputs.push({
      runId,
      epoch,
      kind: SNAPSHOT_KINDS.traversals,
      data: snapshot.traversals.grid.pixels,
      // Meta holds scalars only: the swept dims and values travel as JSON text.
      meta: { step, ...gridMeta(snapshot.traversals.grid), dims: JSON.stringify(snapshot.traversals.dims), values: JSON.stringify(snapshot.traversals.values) },
    });
  }
  return inputs;
}

const num = (meta: SnapshotMeta, key: string): number => Number(meta[key]);

export function gridPayload(grid: ImageGrid): ImageGridPayload {
  const { pixels, ...shape } = grid;
  return { ...shape, pixelsBase64: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength).toString('base64') };
}

function storedGridPayload(snapshot: Snapshot): ImageGridPayload {
  const { meta } = snapshot;
  return {
    width: num(meta, 'width'),
    height: num(meta, 'height'),
    channels: num(meta, 'channels') === 3 ? 3 : 1,
    rows: num(meta, 'rows'),
    columns: num(meta, 'columns'),
    tileWidth: num(meta, 'tileWidth'),
    tileHeight: num(meta, 'tileHeight'),
    pixelsBase64: Buffer.from(snapshot.data as Uint8Array).toString('base64'),
  };
}

function storedLatentPayload(snapshot: Snapshot): LatentPayload {
  const { meta } = snapshot;
  const dim = num(meta, 'dim');
  const count = num(meta, 'count');
  const bytes = snapshot.data as Uint8Array;
  const mu = float32At(bytes, 0, count * dim);
  const labels = int32At(bytes, count * dim * 4, count);
  const projection = float32At(bytes, count * dim * 4 + count * 4, count * 2);
  const explained0 = meta.explained0;
  const explained1 = meta.explained1;
  const kind = meta.projectionKind;
  return {
    dim,
    count,
    mu: Array.from(mu),
    labels: Array.from(labels),
    projection: Array.from(projection),
    projectionKind: kind === 'identity' || kind === 'pad' ? kind : 'pca',
    explainedVarianceRatio: typeof explained0 === 'number' && typeof explained1 === 'number' ? [explained0, explained1] : null,
  };
}

/** Assembles one epoch's stored snapshots into the API payload; missing kinds are null. */
export function epochSnapshotPayload(runId: string, epoch: number, snapshots: Snapshot[]): EpochSnapshotPayload {
  const byKind = new Map(snapshots.map((s) => [s.kind, s]));
  const latent = byKind.get(SNAPSHOT_KINDS.latent);
  const reconstructions = byKind.get(SNAPSHOT_KINDS.reconstructions);
  const priorSamples = byKind.get(SNAPSHOT_KINDS.priorSamples);
  const traversals = byKind.get(SNAPSHOT_KINDS.traversals);
  const step = snapshots.map((s) => num(s.meta, 'step')).find(Number.isFinite) ?? 0;
  return {
    runId,
    epoch,
    step,
    latent: latent ? storedLatentPayload(latent) : null,
    reconstructions: reconstructions ? storedGridPayload(reconstructions) : null,
    priorSamples: priorSamples ? storedGridPayload(priorSamples) : null,
    traversals: traversals
      ? {
          dims: JSON.parse(String(traversals.meta.dims)) as number[],
          values: JSON.parse(String(traversals.meta.values)) as number[],
          grid: storedGridPayload(traversals),
        }
      : null,
  };
}

