/**
 * RunStore: everything the host keeps about runs, in one SQLite file. A thin facade over the
 * modules beside it (runs/, metrics/, artefacts/, exports/, bundle/); open one with openRunStore().
 * Synchronous like better-sqlite3 itself, except the bundle methods, which do file I/O.
 */
import type {
  CheckpointRecord,
  LogLine,
  MetricPoint,
  NewRun,
  RunComparison,
  RunEnvironment,
  RunList,
  RunListQuery,
  RunRecord,
  RunStatus,
  RunSummary,
  Series,
  SeriesQuery,
  Snapshot,
  SnapshotInfo,
  SnapshotInput,
  StoredLogLine,
} from '../../../shared/runs';
import { CheckpointStore, type NewCheckpoint } from './artefacts/checkpoints';
import { RunLogStore, type LogQuery } from './artefacts/run-logs';
import { SnapshotStore } from './artefacts/snapshots';
import { exportRunBundle, importRunBundle, type BundleParts } from './bundle/run-bundles';
import type { BundleExportResult } from './bundle/write-bundle';
import { compareRuns } from './compare/compare-runs';
import { ExperimentsRepository } from './experiments/experiments-repository';
import { FiguresRepository } from './figures/figures-repository';
import { MetricColumnsReader } from './exports/metric-columns';
import { EVALUATION_SNAPSHOT_KIND, evaluationArraySeries, type StoredEvaluation } from './exports/evaluation-arrays';
import { metricsCsv } from './exports/metrics-csv';
import { runJson, type RunJsonExport } from './exports/run-json';
import { MetricWriter, type AppendResult } from './metrics/metric-writer';
import { SeriesReader } from './metrics/series-reader';
import { SeriesStatsReader } from './metrics/series-stats';
import { openDatabase, type RunStoreOptions } from './open-database';
import { listRuns } from './runs/list-runs';
import { RunsRepository } from './runs/runs-repository';
import type { Db } from './sqlite';

export interface BundleOptions {
  /** The host's checkpoint folder: relative checkpoint paths resolve against it, imports write into it. */
  checkpointDir: string;
}

export function openRunStore(path: string, options: RunStoreOptions = {}): RunStore {
  return new RunStore(openDatabase(path, options), path);
}

export class RunStore {
  private readonly runs: RunsRepository;
  private readonly writer: MetricWriter;
  private readonly reader: SeriesReader;
  private readonly stats: SeriesStatsReader;
  private readonly snapshots: SnapshotStore;
  private readonly checkpoints: CheckpointStore;
  private readonly logs: RunLogStore;
  private readonly columns: MetricColumnsReader;
  /** Saved figure specs (see figures/figures-repository.ts). */
  readonly figures: FiguresRepository;
  /** Experiments (sweeps, the doctor's remedies) and run lineage (see experiments/experiments-repository.ts). */
  readonly experiments: ExperimentsRepository;

  constructor(
    private readonly db: Db,
    readonly path: string,
  ) {
    this.runs = new RunsRepository(db);
    const requireRun = (runId: string) => this.runs.requireExists(runId);
    this.writer = new MetricWriter(db, requireRun);
    this.reader = new SeriesReader(db, requireRun);
    this.stats = new SeriesStatsReader(db);
    this.snapshots = new SnapshotStore(db, requireRun);
    this.checkpoints = new CheckpointStore(db, requireRun);
    this.logs = new RunLogStore(db, requireRun);
    this.columns = new MetricColumnsReader(db);
    this.figures = new FiguresRepository(db);
    this.experiments = new ExperimentsRepository(db);
  }

  /** Runs `work` in one transaction (nested calls become savepoints), for writes that belong together. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // Runs

  createRun(input: NewRun): RunRecord {
    return this.runs.create(input);
  }

  /** Throws NOT_FOUND for an unknown id. */
  getRun(id: string): RunRecord {
    return this.runs.get(id);
  }

  findRun(id: string): RunRecord | null {
    return this.runs.find(id);
  }

  listRuns(query: RunListQuery = {}): RunList {
    return listRuns(this.db, query);
  }

  setStatus(id: string, status: RunStatus, at?: number): RunRecord {
    return this.runs.setStatus(id, status, at);
  }

  setTags(id: string, tags: string[]): RunRecord {
    return this.runs.setTags(id, tags);
  }

  setNotes(id: string, notes: string): RunRecord {
    return this.runs.setNotes(id, notes);
  }

  renameRun(id: string, name: string): RunRecord {
    return this.runs.setName(id, name);
  }

  setError(id: string, error: string | null): RunRecord {
    return this.runs.setError(id, error);
  }

  /**
   * Merges the given fields into the stored summary (fields not given keep their values); see
   * RunSummary for the fields. Read and write in one transaction.
   */
  mergeSummary(id: string, summary: RunSummary): RunRecord {
    return this.transaction(() => this.runs.setSummary(id, { ...this.runs.get(id).summary, ...summary }));
  }

  setEnvironment(id: string, environment: RunEnvironment): RunRecord {
    return this.runs.setEnvironment(id, environment);
  }

  /** Deletes the run and everything it owns in the database (checkpoint files on disk stay). */
  deleteRun(id: string): void {
    this.runs.delete(id);
  }

  /** Call at host start-up: 'running' and 'paused' runs become 'interrupted'; returns them. */
  markInterrupted(at?: number): RunRecord[] {
    return this.runs.markInterrupted(at);
  }

  // Metrics

  /** One transaction for the whole batch: stored entirely, or (on any error) not at all. */
  appendMetrics(runId: string, points: readonly MetricPoint[]): AppendResult {
    return this.writer.append(runId, points);
  }

  listMetricKeys(runId: string): string[] {
    return this.reader.listKeys(runId);
  }

  getSeries(runId: string, key: string, query?: SeriesQuery): Series {
    return this.reader.getSeries(runId, key, query);
  }

  compareRuns(ids: readonly string[]): RunComparison {
    return compareRuns(ids, (id) => this.runs.get(id), this.stats);
  }

  // Snapshots, checkpoints, logs

  saveSnapshot(input: SnapshotInput): SnapshotInfo {
    return this.snapshots.save(input);
  }

  /** Several snapshots (an epoch's diagnostics) in one transaction. */
  saveSnapshots(inputs: readonly SnapshotInput[]): SnapshotInfo[] {
    return this.db.transaction(() => inputs.map((input) => this.snapshots.save(input)))();
  }

  listSnapshots(runId: string, kind?: string): SnapshotInfo[] {
    return this.snapshots.list(runId, kind);
  }

  getSnapshot(runId: string, kind: string, epoch: number): Snapshot {
    return this.snapshots.get(runId, kind, epoch);
  }

  addCheckpoint(checkpoint: NewCheckpoint): CheckpointRecord {
    return this.checkpoints.add(checkpoint);
  }

  removeCheckpoint(runId: string, step: number): void {
    this.checkpoints.remove(runId, step);
  }

  listCheckpoints(runId: string): CheckpointRecord[] {
    return this.checkpoints.list(runId);
  }

  /** One transaction for all the lines; returns them with their ids. */
  appendLogs(runId: string, lines: readonly LogLine[]): StoredLogLine[] {
    return this.logs.append(runId, lines);
  }

  appendLog(runId: string, line: LogLine): StoredLogLine {
    const [stored] = this.logs.append(runId, [line]);
    if (!stored) throw new Error('log line was not stored');
    return stored;
  }

  getLogs(runId: string, query?: LogQuery): StoredLogLine[] {
    return this.logs.read(runId, query);
  }

  // Exports

  /** Long-form CSV `run,key,step,epoch,time,value`; see exports/metrics-csv.ts for the number formats. */
  exportMetricsCsv(runId: string): string {
    return this.db.transaction(() => {
      this.runs.requireExists(runId);
      return metricsCsv(runId, [...this.columns.read(runId), ...evaluationArraySeries(this.storedEvaluations(runId))]);
    })();
  }

  /** The compared runs' series (and per-epoch evaluation arrays) in one long-form CSV, run by run. */
  exportComparisonCsv(runIds: readonly string[]): string {
    const [header = '', ...rest] = runIds.map((id) => this.exportMetricsCsv(id).split('\n'));
    return [...header, ...rest.flatMap((lines) => lines.slice(1))].filter((line) => line.length > 0).join('\n') + '\n';
  }

  /** The run, its metric series, and its per-epoch evaluations whole (KL per dimension included). */
  exportRunJson(runId: string): RunJsonExport {
    return this.db.transaction(() => {
      const evaluations = this.storedEvaluations(runId);
      return { ...runJson(this.runs.get(runId), this.columns.read(runId)), evaluations: evaluations.map((evaluation) => evaluation.data) };
    })();
  }

  private storedEvaluations(runId: string): StoredEvaluation[] {
    return this.snapshots.list(runId, EVALUATION_SNAPSHOT_KIND).map((info) => ({
      epoch: info.epoch,
      createdAt: info.createdAt,
      data: this.snapshots.get(runId, EVALUATION_SNAPSHOT_KIND, info.epoch).data,
    }));
  }

  /** Writes one `.vaebundle` file (see bundle/bundle-manifest.ts) with the run's data and checkpoint files. */
  async exportBundle(runId: string, outPath: string, options: BundleOptions): Promise<BundleExportResult> {
    return exportRunBundle(this.bundleParts(), runId, outPath, options.checkpointDir);
  }

  /** Restores a bundle as a new run; a corrupt or truncated bundle is refused before anything is written. */
  async importBundle(path: string, options: BundleOptions): Promise<RunRecord> {
    return importRunBundle(this.bundleParts(), path, options.checkpointDir);
  }

  // Maintenance

  /** PRAGMA integrity_check plus foreign_key_check: ['ok'] when the file is sound, else the problems found. */
  integrityCheck(): string[] {
    const problems = (this.db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .filter((line) => line !== 'ok');
    for (const row of this.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) {
      problems.push(`${row.table} row ${row.rowid} refers to a missing ${row.parent} row`);
    }
    return problems.length === 0 ? ['ok'] : problems;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize');
    } catch {
      // Only a hint for the query planner; a full disk or read-only folder must not keep the file open.
    }
    this.db.close();
  }

  private bundleParts(): BundleParts {
    const { db, runs, writer, columns, snapshots, checkpoints, logs } = this;
    return { db, runs, writer, columns, snapshots, checkpoints, logs };
  }
}
