/**
 * Messages over the headless host's WebSocket. Discriminated on `type`.
 * The Electron adapter uses ipcMain.handle / webContents.send instead, with the same payloads.
 */
import type { ApiResponse } from './errors';

export type ClientMessage =
  | { type: 'invoke'; id: number; method: string; params?: unknown }
  | { type: 'subscribe'; event: string }
  | { type: 'unsubscribe'; event: string };

export type ServerMessage =
  | { type: 'result'; id: number; response: ApiResponse<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  /** A frame that could not be understood at all (not JSON, no id). */
  | { type: 'protocol-error'; message: string };

/** Electron IPC channel names, declared once. */
export const IPC_CHANNELS = {
  invoke: 'workbench:invoke',
  subscribe: 'workbench:subscribe',
  unsubscribe: 'workbench:unsubscribe',
  event: 'workbench:event',
} as const;

/** Path of the WebSocket endpoint on the headless host. */
export const WS_PATH = '/api/ws';
/** Query parameter and cookie that carry the headless host's access token. */
export const TOKEN_PARAM = 'token';
/** `vwb` for VAE WorkBench; the host appends its port (see access-token.ts), e.g. vwb_token_5173. */
export const TOKEN_COOKIE = 'vwb_token';
