/**
 * Names in a run's checkpoint folder. The worker writes `step-NNNNNNNNN/` through a temporary
 * sibling `.step-NNNNNNNNN.tmp-<pid>/` renamed into place; a worker killed mid-write (or out of
 * disk) leaves the temporary one behind, which the worker and the host both clear away.
 */
export const CHECKPOINT_NAME = /^step-\d{9}$/;
export const CHECKPOINT_TEMP_NAME = /^\.step-\d{9}\.tmp-\d+$/;

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

export function checkpointTempName(step: number, pid: number): string {
  return `.${checkpointName(step)}.tmp-${pid}`;
}
