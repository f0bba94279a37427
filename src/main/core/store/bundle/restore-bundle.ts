/**
 * importBundle's store side: a checked bundle becomes a new run (new id, name + " (imported)") in one
 * database transaction. Checkpoint files are written to a staging folder first and moved into place
 * only after the transaction commits; any failure removes what was written, so an import either
 * happens entirely or leaves no trace.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CheckpointRecord, LogLine, MetricPoint, RunRecord, RunStatus, SnapshotInput } from '../../../../shared/runs';
import { MAX_NAME_LENGTH } from '../runs/run-validation';
import type { ParsedBundle } from './read-bundle';

/** The store operations a restore needs; RunStore provides them. */
export interface BundleTarget {
  transaction<T>(work: () => T): T;
  insertRun(record: RunRecord): RunRecord;
  appendMetrics(runId: string, points: readonly MetricPoint[]): void;
  saveSnapshot(input: SnapshotInput): void;
  addCheckpoint(checkpoint: CheckpointRecord): void;
  appendLogs(runId: string, lines: readonly LogLine[]): void;
  deleteRun(runId: string): void;
}

const IMPORTED_SUFFIX = ' (imported)';

export async function restoreBundle(bundle: ParsedBundle, target: BundleTarget, checkpointDir: string): Promise<RunRecord> {
  const { manifest } = bundle;
  const id = randomUUID();
  const staging = join(checkpointDir, `.importing-${id}`);
  const hasCheckpoints = manifest.checkpoints.length > 0;
  const checkpointFolder = (step: number) => `step-${step}`;

  let committed = false;
  try {
    for (const [index, checkpoint] of manifest.checkpoints.entries()) {
      for (const file of bundle.checkpointFiles[index] ?? []) {
        const destination = join(staging, checkpointFolder(checkpoint.step), ...file.path.split('/'));
        await mkdir(dirname(destination), { recursive: true });
        await writeFile(destination, file.data);
      }
    }

    const { sourceRunId: _sourceRunId, ...run } = manifest.run;
    const record = target.transaction(() => {
      const inserted = target.insertRun({
        ...run,
        id,
        name: `${run.name.slice(0, MAX_NAME_LENGTH - IMPORTED_SUFFIX.length)}${IMPORTED_SUFFIX}`,
        status: importedStatus(run.status),
        config: run.config ?? null,
      });
      for (const points of bundle.series) target.appendMetrics(id, points);
      manifest.snapshots.forEach((snapshot, index) => {
        target.saveSnapshot({
          runId: id,
          epoch: snapshot.epoch,
          kind: snapshot.kind,
          meta: snapshot.meta,
          createdAt: snapshot.createdAt,
          data: snapshot.encoding === 'binary' ? bundle.snapshotBytes[index] : snapshot.json,
        });
      });
      for (const checkpoint of manifest.checkpoints) {
        const folder = `${id}/${checkpointFolder(checkpoint.step)}`;
        const [onlyFile] = checkpoint.files;
        target.addCheckpoint({
          runId: id,
          epoch: checkpoint.epoch,
          step: checkpoint.step,
          createdAt: checkpoint.createdAt,
          path: checkpoint.layout === 'file' && onlyFile ? `${folder}/${onlyFile.path}` : folder,
        });
      }
      target.appendLogs(id, manifest.logs);
      return inserted;
    });
    committed = true;
    if (hasCheckpoints) await rename(staging, join(checkpointDir, id));
    return record;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (committed) target.deleteRun(id);
    throw error;
  }
}

/** An imported copy is not training: a run exported mid-flight arrives as 'interrupted'. */
function importedStatus(status: RunStatus): RunStatus {
  return status === 'running' || status === 'paused' ? 'interrupted' : status;
}
