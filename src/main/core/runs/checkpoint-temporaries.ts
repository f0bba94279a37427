/**
 * Clears the temporary folders of checkpoint writes that never finished (the worker was killed, or
 * the disk filled up mid-write). Only called once the run's worker has exited, so none is in use.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_TEMP_NAME } from '../../../shared/checkpoint-names';

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
