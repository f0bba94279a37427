/**
 * The renderer's single door to the host. Inside Electron the preload has exposed the API as
 * `window.workbench`; in a browser we build the same API over the headless host's WebSocket.
 * No other renderer module reads window globals or knows which transport is in use.
 */
import { createApiClient } from '../../../shared/api-client';
import type { WorkbenchApi } from '../../../shared/api';
import { decodeError } from '../../../shared/errors';
import { WebSocketTransport, webSocketUrl, type ConnectionListener } from './ws-transport';

declare global {
  interface Window {
    workbench?: WorkbenchApi;
  }
}

export type Transport = 'electron' | 'websocket';

function choose(): { api: WorkbenchApi; transport: Transport; onConnectionState: (l: ConnectionListener) => () => void } {
  if (window.workbench) {
    const bridge = window.workbench;
    // Errors crossing the contextBridge lose their class; restore the typed WorkbenchError.
    const api = new Proxy(bridge, {
      get(target, key: string) {
        const member = target[key as keyof WorkbenchApi] as unknown;
        if (typeof member !== 'function' || key.startsWith('on')) return member;
        return (params: unknown) =>
          (member as (p: unknown) => Promise<unknown>)(params).catch((error: unknown) => {
            throw decodeError(error);
          });
      },
    });
    // IPC to the own main process is never lost, so it is never `reconnected`.
    return { api, transport: 'electron', onConnectionState: (listener) => (listener('open', false), () => {}) };
  }
  const transport = new WebSocketTransport(webSocketUrl(window.location));
  return {
    api: createApiClient(transport),
    transport: 'websocket',
    onConnectionState: (listener) => transport.onConnectionState(listener),
  };
}

const chosen = choose();

export const workbench: WorkbenchApi = chosen.api;
export const transport: Transport = chosen.transport;
export const onConnectionState = chosen.onConnectionState;
