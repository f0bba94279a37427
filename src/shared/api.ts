/**
 * The WorkbenchApi contract: the only way the renderer talks to the host.
 * Transports (Electron IPC, WebSocket) are thin adapters around this one description.
 */
import type { EventMethodName, EventName, WorkbenchEvents } from './events';

export type HostKind = 'electron' | 'headless';

export interface HealthInfo {
  app: 'vae-workbench';
  version: string;
  host: HostKind;
  /** Node.js version of the host process. */
  node: string;
  /** Electron version when hosted by Electron, otherwise null. */
  electron: string | null;
  platform: string;
  /** Folder that holds the run database and checkpoints. */
  dataDir: string;
  uptimeSeconds: number;
}

/**
 * Marks a method that takes no argument. `void` (not `undefined`) lets callers write `api.health()`.
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- see above
export type NoParams = void;

/** Method name -> its single parameter and its result. */
export interface WorkbenchMethods {
  health: { params: NoParams; result: HealthInfo };
}

export type MethodName = keyof WorkbenchMethods;
export type MethodParams<M extends MethodName> = WorkbenchMethods[M]['params'];
export type MethodResult<M extends MethodName> = WorkbenchMethods[M]['result'];

/** Every method name, listed once; a missing or extra key fails to compile. */
const methodNameTable: Record<MethodName, true> = {
  health: true,
};
export const METHOD_NAMES = Object.keys(methodNameTable) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodNameTable, name);
}

export type Unsubscribe = () => void;

export type WorkbenchApiMethods = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>>;
};

export type WorkbenchApiEvents = {
  [E in EventName as EventMethodName<E>]: (listener: (payload: WorkbenchEvents[E]) => void) => Unsubscribe;
};

export type WorkbenchApi = WorkbenchApiMethods & WorkbenchApiEvents;
