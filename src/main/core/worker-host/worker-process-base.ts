/**
 * The parts of a WorkerProcess that do not depend on how it was spawned: listener sets,
 * exit bookkeeping, and stop-then-kill.
 */
import type { Unsubscribe } from '../../../shared/api';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../shared/worker-protocol';
import { StderrTail } from './stderr-tail';
import { DEFAULT_STOP_GRACE_MS, STDERR_TAIL_LINES, type WorkerExit, type WorkerProcess } from './worker-process';

export abstract class WorkerProcessBase implements WorkerProcess {
  abstract readonly pid: number | undefined;
  protected readonly stderr = new StderrTail(STDERR_TAIL_LINES);
  private readonly messageListeners = new Set<(message: WorkerToHostMessage) => void>();
  private readonly exitListeners = new Set<(exit: WorkerExit) => void>();
  private exit: WorkerExit | null = null;
  private stopRequested = false;

  abstract send(message: HostToWorkerMessage): void;
  /** Ends the process without waiting for it (SIGKILL for a fork; Electron's kill() for a utility process). */
  protected abstract kill(): void;

  onMessage(listener: (message: WorkerToHostMessage) => void): Unsubscribe {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onExit(listener: (exit: WorkerExit) => void): Unsubscribe {
    if (this.exit) {
      listener(this.exit);
      return () => {};
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  async stop(graceMs = DEFAULT_STOP_GRACE_MS): Promise<WorkerExit> {
    if (this.exit) return this.exit;
    this.stopRequested = true;
    const exited = new Promise<WorkerExit>((resolve) => this.onExit(resolve));
    try {
      this.send({ type: 'shutdown' });
    } catch {
      /* the channel may already be closed; the kill below still ends it */
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  }

  protected deliver(message: WorkerToHostMessage): void {
    for (const listener of this.messageListeners) listener(message);
  }

  protected exited(code: number | null, signal: string | null): void {
    if (this.exit) return;
    this.exit = {
      code,
      signal,
      unexpected: !this.stopRequested && code !== 0,
      stderrTail: this.stderr.snapshot(),
    };
    for (const listener of this.exitListeners) listener(this.exit);
    this.exitListeners.clear();
    this.messageListeners.clear();
  }
}
