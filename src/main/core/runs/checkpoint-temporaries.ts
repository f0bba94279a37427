/**
 * A run's checkpoint folder as the host keeps it. Clears the temporary folders of checkpoint writes that never finished (the worker was killed, or
 * the disk filled up mid-write). Only called once the run's worker has exited, so none is in use.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_TEMP_NAME } from '../../../shared/checkpoint-names';
import type { RunServiceStore } from './run-store-port';

/** Returns the names removed; a missing folder has none. Never throws: it runs in exit handlers. */
export function removeCheckpointTemporaries(checkpointDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(checkpointDir);
  } catch {
    return [];
  }
  const stale = names.filter((name) => CHECKPOINT_TEMP_NAME.test(name));
  return stale.filter((name) => {
    try {
      rmSync(join(checkpointDir, name), { recursive: true, force: true });
      return true;
    } catch {
      return false; // a read-only folder: left for the next writer
    }
  });
}

/**
 * Records a checkpoint the worker reported, and forgets the ones whose folders it has pruned (it
 * keeps only the newest few), so the records always name folders that exist.
 */
export function recordCheckpoint(store: RunServiceStore, runId: string, checkpoint: { epoch: number; step: number; path: string }): void {
  store.addCheckpoint({ runId, epoch: checkpoint.epoch, step: checkpoint.step, path: checkpoint.path });
  for (const old of store.listCheckpoints(runId)) {
    if (!existsSync(old.path)) store.removeCheckpoint(runId, old.step);
  }
}
