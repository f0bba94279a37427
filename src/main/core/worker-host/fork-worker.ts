/** Starts the training worker with Node's child_process.fork: the headless host, the CLI and tests. */
import { fork, type ChildProcess } from 'node:child_process';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../shared/worker-protocol';
import { WorkerProcessBase } from './worker-process-base';
import type { WorkerLaunchOptions, WorkerLauncher } from './worker-process';

class ForkedWorker extends WorkerProcessBase {
  private readonly child: ChildProcess;

  constructor(modulePath: string, options: WorkerLaunchOptions) {
    super();
    this.child = fork(modulePath, [`--worker-name=${options.name}`], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, ...options.env },
      serialization: 'advanced',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.on('message', (message) => this.deliver(message as WorkerToHostMessage));
    this.child.on('exit', (code, signal) => this.exited(code, signal));
    this.child.on('error', (error) => {
      this.stderr.push(`${error.message}\n`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: HostToWorkerMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  protected kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** `serialization: 'advanced'` lets typed arrays (latent codes, image grids) cross without JSON. */
export function forkWorkerLauncher(modulePath: string): WorkerLauncher {
  return (options) => new ForkedWorker(modulePath, options);
}
