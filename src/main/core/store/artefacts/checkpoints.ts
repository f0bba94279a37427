/** Where a run's checkpoints are on disk; one record per (run, step), saving again replaces. */
import type { CheckpointRecord } from '../../../../shared/runs';
import type { Db, Statement } from '../sqlite';
import { badRequest } from '../store-errors';

interface CheckpointRow {
  runId: string;
  epoch: number;
  step: number;
  path: string;
  createdAt: number;
}

export type NewCheckpoint = Omit<CheckpointRecord, 'createdAt'> & { createdAt?: number };

export class CheckpointStore {
  private readonly upsert: Statement<[CheckpointRow]>;
  private readonly selectAll: Statement<[string], CheckpointRow>;
  private readonly deleteOne: Statement<[string, number]>;

  constructor(
    db: Db,
    private readonly requireRun: (runId: string) => void,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO checkpoints (run_id, epoch, step, path, created_at) VALUES ($runId, $epoch, $step, $path, $createdAt)
      ON CONFLICT (run_id, step) DO UPDATE SET epoch = excluded.epoch, path = excluded.path, created_at = excluded.created_at`);
    this.deleteOne = db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND step = ?');
    this.selectAll = db.prepare(
      'SELECT run_id AS runId, epoch, step, path, created_at AS createdAt FROM checkpoints WHERE run_id = ? ORDER BY step',
    );
  }

  add(checkpoint: NewCheckpoint): CheckpointRecord {
    const { runId, epoch, step, path } = checkpoint;
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw badRequest(`checkpoint epoch must be a non-negative integer, got ${epoch}`);
    if (!Number.isSafeInteger(step) || step < 0) throw badRequest(`checkpoint step must be a non-negative integer, got ${step}`);
    if (typeof path !== 'string' || path.length === 0) throw badRequest('checkpoint path must be a non-empty string');
    this.requireRun(runId);
    const record = { runId, epoch, step, path, createdAt: checkpoint.createdAt ?? Date.now() };
    this.upsert.run(record);
    return record;
  }

  /** Forgets a checkpoint whose files are gone (the worker keeps only the newest few). */
  remove(runId: string, step: number): void {
    this.requireRun(runId);
    this.deleteOne.run(runId, step);
  }

  list(runId: string): CheckpointRecord[] {
    this.requireRun(runId);
    return this.selectAll.all(runId);
  }
}
