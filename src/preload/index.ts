/**
 * Exposes exactly the WorkbenchApi to the renderer, nothing more: no ipcRenderer, no Node.
 * Listeners are reference-counted per event so the main process sends each event once.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApiClient, type ApiTransport } from '../shared/api-client';
import type { WorkbenchApi } from '../shared/api';
import type { EventName } from '../shared/events';
import { IPC_CHANNELS } from '../shared/transport-protocol';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_CHANNELS.event, (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const ipcTransport: ApiTransport = {
  invoke: (method, params) => ipcRenderer.invoke(IPC_CHANNELS.invoke, method, params),
  subscribe: (event, listener) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      ipcRenderer.send(IPC_CHANNELS.subscribe, event);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(event);
        ipcRenderer.send(IPC_CHANNELS.unsubscribe, event);
      }
    };
  },
};

const api = createApiClient(ipcTransport) satisfies WorkbenchApi;
contextBridge.exposeInMainWorld('workbench', api);
