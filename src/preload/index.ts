/**
 * Exposes exactly the WorkbenchApi to the renderer, nothing more: no ipcRenderer, no Node.
 * Listeners are reference-counted per event so the main process sends each event once.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApiClient, type ApiTransport } from '../shared/api-client';
import type { WorkbenchApi } from '../shared/api';
import type { EventName } from '../shared/events';
import { EventSubscriptions } from '../shared/event-subscriptions';
import { IPC_CHANNELS } from '../shared/transport-protocol';

const subscriptions = new EventSubscriptions(
  (event) => ipcRenderer.send(IPC_CHANNELS.subscribe, event),
  (event) => ipcRenderer.send(IPC_CHANNELS.unsubscribe, event),
);

ipcRenderer.on(IPC_CHANNELS.event, (_event, name: EventName, payload: unknown) => subscriptions.dispatch(name, payload));

const ipcTransport: ApiTransport = {
  invoke: (method, params) => ipcRenderer.invoke(IPC_CHANNELS.invoke, method, params),
  subscribe: (event, listener) => subscriptions.add(event, listener),
};

const api = createApiClient(ipcTransport) satisfies WorkbenchApi;
contextBridge.exposeInMainWorld('workbench', api);
