/**
 * What the run controls say between a click and the run's next status: "stopping…" from the
 * moment Stop is clicked until the run is stopped (the worker acts at its next step, after the
 * host has the request), "pausing…" likewise. Pure.
 */
import type { RunStatus } from '../../../shared/runs';

export type ControlAction = 'pauseRun' | 'resumeRun' | 'stopRun' | 'startRun';

/** An action asked for while the run had `whileStatus`; it is pending until the status changes. */
export interface ControlRequest {
  action: ControlAction;
  whileStatus: RunStatus;
}

const PENDING_TEXT: Partial<Record<ControlAction, string>> = { stopRun: 'stopping…', pauseRun: 'pausing…' };

export function pendingAction(request: ControlRequest | null, status: RunStatus): ControlAction | null {
  return request && request.whileStatus === status ? request.action : null;
}

export function pendingText(request: ControlRequest | null, status: RunStatus): string | null {
  const action = pendingAction(request, status);
  return action ? (PENDING_TEXT[action] ?? null) : null;
}
