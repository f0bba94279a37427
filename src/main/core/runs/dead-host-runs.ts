/**
 * What a read-only view (the `runs` command) shows for runs a dead host left 'running' or 'paused'.
 * Marking them 'interrupted' in the database is start-up recovery's job, done by the next host that
 * trains; a command that only reads must not write. So when the live-host registry says no host is
 * alive on the folder, such runs are shown as what they are: interrupted.
 */
import type { RunRecord } from '../../../shared/runs';

export function showDeadHostRunsInterrupted(runs: RunRecord[], anyHostAlive: boolean): RunRecord[] {
  if (anyHostAlive) return runs;
  return runs.map((run) => (run.status === 'running' || run.status === 'paused' ? { ...run, status: 'interrupted' } : run));
}
