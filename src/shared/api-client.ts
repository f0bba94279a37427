/**
 * Builds a WorkbenchApi object on top of any transport. Used by the preload (Electron IPC)
 * and by the renderer's WebSocket client, so both expose exactly the same surface.
 */
import { METHOD_NAMES, type MethodName, type Unsubscribe, type WorkbenchApi } from './api';
import { EVENT_NAMES, eventMethodName, type EventName } from './events';

export interface ApiTransport {
  /** Sends one call; resolves with the result or rejects with an Error. */
  invoke(method: MethodName, params: unknown): Promise<unknown>;
  /** Registers a listener for one event; returns its unsubscribe function. */
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

export function createApiClient(transport: ApiTransport): WorkbenchApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = (params: unknown) => transport.invoke(method, params);
  }
  for (const event of EVENT_NAMES) {
    api[eventMethodName(event)] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  // The two loops above cover every key of WorkbenchApi by construction of METHOD_NAMES / EVENT_NAMES.
  return api as WorkbenchApi;
}
