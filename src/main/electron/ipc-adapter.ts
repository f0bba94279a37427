/**
 * The WorkbenchApi over Electron IPC: ipcMain.handle for calls (through the shared dispatcher),
 * webContents.send for the events a renderer subscribed to. Only our own file:// pages may call.
 */
import { ipcMain, webContents, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { Unsubscribe } from '../../shared/api';
import { encodeErrorMessage } from '../../shared/errors';
import { EVENT_NAMES, type EventName } from '../../shared/events';
import { IPC_CHANNELS } from '../../shared/transport-protocol';
import { dispatch, type ApiHandlers } from '../core/api-dispatcher';
import type { EventHub } from '../core/event-hub';
import { RENDERER_URL } from './main-window';

/** Only the workbench page itself, in its top frame, may call (not an iframe, not another file). */
function fromOurPage(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  const url = new URL(frame.url);
  return `${url.protocol}//${url.host}${url.pathname}` === RENDERER_URL;
}

export function attachIpcAdapter(handlers: ApiHandlers, events: EventHub): () => void {
  // webContents id -> event -> unsubscribe
  const subscriptions = new Map<number, Map<EventName, Unsubscribe>>();

  const dropContents = (id: number) => {
    for (const unsubscribe of subscriptions.get(id)?.values() ?? []) unsubscribe();
    subscriptions.delete(id);
  };

  ipcMain.handle(IPC_CHANNELS.invoke, async (event, method: unknown, params: unknown) => {
    if (!fromOurPage(event)) throw new Error(encodeErrorMessage({ code: 'BAD_REQUEST', message: 'caller is not the workbench page' }));
    const response = await dispatch(handlers, method, params);
    if (!response.ok) throw new Error(encodeErrorMessage(response.error));
    return response.value;
  });

  ipcMain.on(IPC_CHANNELS.subscribe, (event, name: unknown) => {
    if (!fromOurPage(event) || !(EVENT_NAMES as unknown[]).includes(name)) return;
    const eventName = name as EventName;
    const contentsId = event.sender.id;
    let forContents = subscriptions.get(contentsId);
    if (!forContents) {
      forContents = new Map();
      subscriptions.set(contentsId, forContents);
      event.sender.once('destroyed', () => dropContents(contentsId));
    }
    if (forContents.has(eventName)) return;
    forContents.set(
      eventName,
      events.on(eventName, (payload) => {
        const target = webContents.fromId(contentsId);
        if (target && !target.isDestroyed()) target.send(IPC_CHANNELS.event, eventName, payload);
      }),
    );
  });

  ipcMain.on(IPC_CHANNELS.unsubscribe, (event, name: unknown) => {
    const forContents = subscriptions.get(event.sender.id);
    forContents?.get(name as EventName)?.();
    forContents?.delete(name as EventName);
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.invoke);
    ipcMain.removeAllListeners(IPC_CHANNELS.subscribe);
    ipcMain.removeAllListeners(IPC_CHANNELS.unsubscribe);
    for (const id of [...subscriptions.keys()]) dropContents(id);
  };
}
