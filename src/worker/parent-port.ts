/**
 * The worker's link to its host. Electron's utilityProcess gives `process.parentPort`;
 * Node's child_process.fork gives `process.send`. Everything else in the worker uses this module
 * and never cares which one started it.
 */
import type { HostToWorkerMessage, WorkerRuntime, WorkerToHostMessage } from '../shared/worker-protocol';

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentLink {
  runtime: WorkerRuntime;
  send(message: WorkerToHostMessage): void;
  onMessage(listener: (message: HostToWorkerMessage) => void): void;
}

export function connectToParent(): ParentLink {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      runtime: 'electron-utility',
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostToWorkerMessage)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    return {
      runtime: 'node-fork',
      send: (message) => {
        send(message);
      },
      onMessage: (listener) => process.on('message', (message) => listener(message as HostToWorkerMessage)),
    };
  }
  throw new Error('the training worker must be started by the workbench host (utilityProcess or child_process.fork)');
}
