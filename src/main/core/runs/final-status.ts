/**
 * How a run's end is worded and stored. A crash of the worker (kill -9, out of memory, a native
 * fault) or of the host's own bookkeeping is not the run's fault: its checkpoints are good, so it
 * ends 'interrupted' and can continue from the last one. Only the run's own errors (NaN guard, bad
 * data, an invalid config) end it 'failed'.
 */
import { DISK_FULL, isDiskFullError } from '../../../shared/disk-full';
import type { RunRecord, RunStatus } from '../../../shared/runs';
import type { WorkerExit } from '../worker-host/worker-process';
import type { DiskReserve } from './disk-reserve';
import type { RunServiceStore } from './run-store-port';
import { messageOf } from '../../../shared/errors';

export interface FinalStatus {
  status: RunStatus;
  error: string | null;
}

export function workerCrashReason(exit: WorkerExit): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = exit.stderrTail.length > 0 ? `\nLast output:\n${exit.stderrTail.join('\n')}` : '';
  return `The training worker ${how} before the run finished; it can continue from its last checkpoint.${tail}`;
}

export function workerFatalReason(message: string): string {
  return `The training worker crashed (${message}); the run can continue from its last checkpoint.`;
}

export { failedByCrash } from '../../../shared/run-resumability';

/** A store write for this run failed mid-training. */
export function storeFailureReason(error: unknown): string {
  const cause = messageOf(error);
  return isDiskFullError(error)
    ? `The host could not record this run's progress: ${DISK_FULL} (${cause}). Training was stopped; free some space, then resume it from its last checkpoint.`
    : `The host could not record this run's progress (${cause}); training was stopped. It can continue from its last checkpoint.`;
}

/**
 * Status and reason in one transaction; null while the store refuses. A full disk refuses even this
 * small write, so the disk reserve is given up for it (once) before giving in.
 */
export function tryRecordFinalStatus(store: RunServiceStore, runId: string, final: FinalStatus, reserve: DiskReserve): RunRecord | null {
  const write = () =>
    store.transaction(() => {
      store.setError(runId, final.error);
      return store.setStatus(runId, final.status);
    });
  try {
    return write();
  } catch (error) {
    if (!isDiskFullError(error) || !reserve.release()) return null;
  }
  try {
    return write();
  } catch {
    return null;
  }
}
