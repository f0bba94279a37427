/** Which runs can continue from their last checkpoint: shared so the host's rule and the UI's Continue button agree. */
import type { RunRecord } from './runs';

/**
 * Whether a 'failed' run failed by a crash rather than by its own error (NaN guard, bad data). Hosts
 * before crash recovery recorded crashes as 'failed' with these reasons; such runs are as resumable
 * as 'interrupted' ones.
 */
export function failedByCrash(error: string | null): boolean {
  return error !== null && /^(The training worker (was killed by|exited with code|crashed)|The host could not record this run's progress|training crashed:)/.test(error);
}

/** A stopped or interrupted run, or one that failed by a crash, continues from its last checkpoint. */
export function canContinue(run: Pick<RunRecord, 'status' | 'error'>): boolean {
  return run.status === 'stopped' || run.status === 'interrupted' || (run.status === 'failed' && failedByCrash(run.error));
}
