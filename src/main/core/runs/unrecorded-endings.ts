/**
 * Runs that have ended while the store refused to record it (a full disk). Each is retried every
 * few seconds, so freeing disk space is all it takes; until then, starting or stopping such a run
 * is answered with what happened instead of "is running".
 */
import { WorkbenchError } from '../../../shared/errors';
import type { FinalStatus } from './final-status';

export interface UnrecordedEnding {
  readonly runId: string;
  readonly unrecordedFinalStatus: FinalStatus | null;
  /** True once the final status is stored. */
  recordFinalStatus(): boolean;
}

const RETRY_MS = 2000;

export class UnrecordedEndings {
  private readonly pending = new Map<string, UnrecordedEnding>();
  private timer: NodeJS.Timeout | null = null;

  add(ending: UnrecordedEnding): void {
    this.pending.set(ending.runId, ending);
    this.timer ??= setInterval(() => this.retryAll(), RETRY_MS);
    this.timer.unref();
  }

  /** Throws CONFLICT while the run's end still cannot be recorded. */
  require(runId: string): void {
    const ending = this.pending.get(runId);
    if (!ending || ending.recordFinalStatus()) {
      this.pending.delete(runId);
      return;
    }
    const final = ending.unrecordedFinalStatus;
    throw new WorkbenchError({
      code: 'CONFLICT',
      message: `the run has ended (${final?.status ?? 'unknown'}: ${final?.error?.split('\n')[0] ?? 'no reason'}) but the host cannot write that to its database yet; free some disk space and try again`,
    });
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private retryAll(): void {
    for (const [id, ending] of this.pending) if (ending.recordFinalStatus()) this.pending.delete(id);
    if (this.pending.size === 0) this.close();
  }
}
