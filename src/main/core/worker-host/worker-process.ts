/**
 * One training worker process, whichever way it was started (Electron utilityProcess or Node
 * child_process.fork). The run service only ever sees this interface.
 */
import type { Unsubscribe } from '../../../shared/api';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../shared/worker-protocol';

export interface WorkerExit {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: string | null;
  /** True when the host did not ask it to stop (a crash, an OOM kill, kill -9 from outside). */
  unexpected: boolean;
  /** The last lines the worker wrote to stderr, for the run's failure reason. */
  stderrTail: string[];
}

export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: HostToWorkerMessage): void;
  onMessage(listener: (message: WorkerToHostMessage) => void): Unsubscribe;
  onExit(listener: (exit: WorkerExit) => void): Unsubscribe;
  /** Asks the worker to shut down, and kills it if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<WorkerExit>;
}

export interface WorkerLaunchOptions {
  /** Extra environment for the worker (e.g. thread counts). */
  env?: Record<string, string>;
  /** A name for process listings and logs. */
  name: string;
}

export type WorkerLauncher = (options: WorkerLaunchOptions) => WorkerProcess;

export const DEFAULT_STOP_GRACE_MS = 5000;
export const STDERR_TAIL_LINES = 40;
