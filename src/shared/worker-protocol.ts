/**
 * Messages between the host (main) and a training worker. Discriminated unions on `type`;
 * both sides handle them with exhaustive switches.
 */

export type WorkerRuntime = 'electron-utility' | 'node-fork';

/** Host -> worker. */
export type HostToWorkerMessage =
  | { type: 'ping'; nonce: number }
  | { type: 'shutdown' };

/** Worker -> host. */
export type WorkerToHostMessage =
  | { type: 'ready'; runtime: WorkerRuntime; pid: number; node: string }
  | { type: 'pong'; nonce: number }
  | { type: 'fatal'; message: string };
