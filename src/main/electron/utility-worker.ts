/** Starts the training worker with Electron's utilityProcess: the desktop app. */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../shared/worker-protocol';
import { WorkerProcessBase } from '../core/worker-host/worker-process-base';
import type { WorkerLaunchOptions, WorkerLauncher } from '../core/worker-host/worker-process';

class UtilityWorker extends WorkerProcessBase {
  private readonly child: UtilityProcess;

  constructor(modulePath: string, options: WorkerLaunchOptions) {
    super();
    this.child = utilityProcess.fork(modulePath, [`--worker-name=${options.name}`], {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, ...options.env },
      serviceName: `VAE Workbench training (${options.name})`,
    });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.on('message', (message: unknown) => this.deliver(message as WorkerToHostMessage));
    this.child.on('exit', (code) => this.exited(code, null));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: HostToWorkerMessage): void {
    this.child.postMessage(message);
  }

  protected kill(): void {
    this.child.kill();
  }
}

export function utilityWorkerLauncher(modulePath: string): WorkerLauncher {
  return (options) => new UtilityWorker(modulePath, options);
}
