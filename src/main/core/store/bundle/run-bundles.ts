/**
 * RunStore's bundle verbs: a run's rows gathered for writeBundle in one read transaction, and a read
 * bundle restored through the store's own repositories. The file formats live beside this file.
 */
import type { RunRecord, StoredLogLine } from '../../../../shared/runs';
import type { CheckpointStore } from '../artefacts/checkpoints';
import type { RunLogStore } from '../artefacts/run-logs';
import type { SnapshotStore } from '../artefacts/snapshots';
import type { MetricColumnsReader } from '../exports/metric-columns';
import type { MetricWriter } from '../metrics/metric-writer';
import type { RunsRepository } from '../runs/runs-repository';
import type { Db } from '../sqlite';
import { readBundle } from './read-bundle';
import { restoreBundle } from './restore-bundle';
import { writeBundle, type BundleExportResult, type BundleSource } from './write-bundle';

/** The parts of the store a bundle is made from and restored into. */
export interface BundleParts {
  db: Db;
  runs: RunsRepository;
  writer: MetricWriter;
  columns: MetricColumnsReader;
  snapshots: SnapshotStore;
  checkpoints: CheckpointStore;
  logs: RunLogStore;
}

const LOG_PAGE = 10_000;

export async function exportRunBundle(parts: BundleParts, runId: string, outPath: string, checkpointDir: string): Promise<BundleExportResult> {
  // One read transaction, so a run that is still training is exported as of a single moment.
  const source = parts.db.transaction((): BundleSource => ({
    run: parts.runs.get(runId),
    series: parts.columns.read(runId),
    snapshots: parts.snapshots.all(runId),
    checkpoints: parts.checkpoints.list(runId),
    logs: allLogs(parts.logs, runId),
  }))();
  return writeBundle(source, outPath, checkpointDir);
}

export async function importRunBundle(parts: BundleParts, path: string, checkpointDir: string): Promise<RunRecord> {
  const bundle = await readBundle(path);
  return restoreBundle(
    bundle,
    {
      transaction: (work) => parts.db.transaction(work)(),
      insertRun: (record) => parts.runs.insert(record),
      appendMetrics: (runId, points) => void parts.writer.append(runId, points),
      saveSnapshot: (input) => void parts.snapshots.save(input),
      addCheckpoint: (checkpoint) => void parts.checkpoints.add(checkpoint),
      appendLogs: (runId, lines) => void parts.logs.append(runId, lines),
      deleteRun: (runId) => parts.runs.delete(runId),
    },
    checkpointDir,
  );
}

function allLogs(logs: RunLogStore, runId: string): StoredLogLine[] {
  const all: StoredLogLine[] = [];
  for (;;) {
    const page = logs.read(runId, { afterId: all.at(-1)?.id ?? 0, limit: LOG_PAGE });
    all.push(...page);
    if (page.length < LOG_PAGE) return all;
  }
}
