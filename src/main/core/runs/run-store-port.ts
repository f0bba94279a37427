/**
 * What the run service needs from the store. Keeping it to this narrow port lets the service be
 * read (and tested) without the whole RunStore surface in view.
 */
import type {
  CheckpointRecord,
  LogLine,
  MetricPoint,
  NewRun,
  RunEnvironment,
  RunRecord,
  RunStatus,
  RunSummary,
  Snapshot,
  SnapshotInfo,
  SnapshotInput,
  StoredLogLine,
} from '../../../shared/runs';

export interface RunServiceStore {
  /** Writes that belong together (one evaluation's metrics, snapshot and summary) in one transaction. */
  transaction<T>(work: () => T): T;
  createRun(input: NewRun): RunRecord;
  getRun(id: string): RunRecord;
  setStatus(id: string, status: RunStatus): RunRecord;
  setError(id: string, error: string | null): RunRecord;
  setEnvironment(id: string, environment: RunEnvironment): RunRecord;
  /** Merges into the stored summary. */
  updateSummary(id: string, summary: RunSummary): RunRecord;
  deleteRun(id: string): void;
  appendMetrics(runId: string, points: readonly MetricPoint[]): void;
  saveSnapshots(inputs: readonly SnapshotInput[]): void;
  listSnapshots(runId: string, kind?: string): SnapshotInfo[];
  getSnapshot(runId: string, kind: string, epoch: number): Snapshot;
  addCheckpoint(checkpoint: Omit<CheckpointRecord, 'createdAt'> & { createdAt?: number }): CheckpointRecord;
  listCheckpoints(runId: string): CheckpointRecord[];
  removeCheckpoint(runId: string, step: number): void;
  appendLog(runId: string, line: LogLine): StoredLogLine;
  /** Marks runs a dead host left 'running' / 'paused' as 'interrupted' and returns them. */
  markInterrupted(): RunRecord[];
}
