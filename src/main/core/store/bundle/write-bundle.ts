/** exportBundle's file side: builds the archive described in bundle-manifest.ts and writes it atomically. */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { CheckpointRecord, LogLine, RunRecord, Snapshot } from '../../../../shared/runs';
import type { SeriesColumns } from '../exports/metric-columns';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BYTES_PER_POINT,
  MANIFEST_ENTRY,
  type BundleManifest,
  type EntryRef,
} from './bundle-manifest';
import { readCheckpoint } from './checkpoint-files';
import { sha256 } from './digest';
import { writeTar, type TarEntry } from './tar';

/** Everything a bundle holds, read from the store in one transaction. */
export interface BundleSource {
  run: RunRecord;
  series: SeriesColumns[];
  snapshots: Snapshot[];
  checkpoints: CheckpointRecord[];
  logs: LogLine[];
}

export interface BundleExportResult {
  path: string;
  bytes: number;
  points: number;
  snapshots: number;
  checkpointFiles: number;
}

const gzipAsync = promisify(gzip);

export async function writeBundle(source: BundleSource, outPath: string, checkpointDir: string): Promise<BundleExportResult> {
  const entries: TarEntry[] = [];
  const addEntry = (name: string, data: Buffer): EntryRef => {
    entries.push({ name, data });
    return { entry: name, bytes: data.length, sha256: sha256(data) };
  };

  const metrics = source.series.map((series, index) => ({
    key: series.key,
    points: series.steps.length,
    file: addEntry(`metrics/${serial(index)}.f64`, seriesBytes(series)),
  }));

  const snapshots = source.snapshots.map((snapshot, index) => {
    const common = { kind: snapshot.kind, epoch: snapshot.epoch, createdAt: snapshot.createdAt, meta: snapshot.meta };
    return snapshot.data instanceof Uint8Array
      ? { ...common, encoding: 'binary' as const, file: addEntry(`snapshots/${serial(index)}.bin`, Buffer.from(snapshot.data)) }
      : { ...common, encoding: 'json' as const, json: snapshot.data };
  });

  const checkpoints: BundleManifest['checkpoints'] = [];
  for (const [index, checkpoint] of source.checkpoints.entries()) {
    const contents = await readCheckpoint(checkpoint, checkpointDir);
    checkpoints.push({
      epoch: checkpoint.epoch,
      step: checkpoint.step,
      createdAt: checkpoint.createdAt,
      originalPath: checkpoint.path,
      layout: contents.layout,
      files: contents.files.map((file, fileIndex) => ({
        path: file.path,
        file: addEntry(`checkpoints/${serial(index)}/${serial(fileIndex)}.bin`, file.data),
      })),
    });
  }

  const { id: sourceRunId, ...run } = source.run;
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: Date.now(),
    run: { sourceRunId, ...run, summary: { ...run.summary } },
    metrics,
    snapshots,
    checkpoints,
    logs: source.logs.map(({ at, level, line }) => ({ at, level, line })),
  };
  const manifestEntry: TarEntry = { name: MANIFEST_ENTRY, data: Buffer.from(JSON.stringify(manifest)) };
  const archive = await gzipAsync(writeTar([manifestEntry, ...entries], manifest.createdAt / 1000));
  await writeFileAtomically(outPath, archive);
  return {
    path: outPath,
    bytes: archive.length,
    points: metrics.reduce((sum, series) => sum + series.points, 0),
    snapshots: snapshots.length,
    checkpointFiles: checkpoints.reduce((sum, checkpoint) => sum + checkpoint.files.length, 0),
  };
}

/** Columns steps | epochs | wall times | values, float64 little-endian. */
function seriesBytes(series: SeriesColumns): Buffer {
  const count = series.steps.length;
  const bytes = Buffer.alloc(count * BYTES_PER_POINT);
  [series.steps, series.epochs, series.wallTimes, series.values].forEach((column, columnIndex) => {
    const base = columnIndex * count * 8;
    column.forEach((value, index) => bytes.writeDoubleLE(value, base + index * 8));
  });
  return bytes;
}

/** A reader never sees half a bundle: write a temporary sibling, fsync, then rename over the target. */
async function writeFileAtomically(path: string, data: Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function serial(index: number): string {
  return String(index).padStart(6, '0');
}
