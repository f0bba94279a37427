/**
 * ApiTransport over the headless host's WebSocket. The access token travels as the cookie the host
 * set when the page was first opened. Calls made while connecting are queued; on a lost connection
 * pending calls fail with a clear error (and are never sent later), the socket reconnects and
 * re-subscribes, and the 'open' that follows is reported as `reconnected` so views can reload what
 * they missed.
 */
import type { ApiTransport } from '../../../shared/api-client';
import type { MethodName, Unsubscribe } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/errors';
import type { EventName } from '../../../shared/events';
import { EventSubscriptions } from '../../../shared/event-subscriptions';
import { fromWire, toWire } from '../../../shared/json-wire';
import { WS_PATH, type ClientMessage, type ServerMessage } from '../../../shared/transport-protocol';

export type ConnectionState = 'connecting' | 'open' | 'closed';
/** `reconnected` is true for an 'open' after a close: events of the gap were missed, so reload. */
export type ConnectionListener = (state: ConnectionState, reconnected: boolean) => void;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_RECONNECT_DELAY_MS = 5000;

export class WebSocketTransport implements ApiTransport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private outbox: ClientMessage[] = [];
  private readonly subscriptions = new EventSubscriptions(
    (event) => this.send({ type: 'subscribe', event }),
    (event) => this.send({ type: 'unsubscribe', event }),
  );
  private reconnectDelay = 250;
  private readonly stateListeners = new Set<ConnectionListener>();
  private closedBefore = false;

  constructor(private readonly url: string) {
    this.connect();
  }

  onConnectionState(listener: ConnectionListener): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  invoke(method: MethodName, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'invoke', id, method, params });
    });
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe {
    return this.subscriptions.add(event, listener);
  }

  private setState(state: ConnectionState, reconnected = false): void {
    for (const listener of this.stateListeners) listener(state, reconnected);
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(toWire(message));
    else this.outbox.push(message);
  }

  private connect(): void {
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.reconnectDelay = 250;
      // Re-subscribe first so no event is missed, then flush queued calls, then tell listeners (a
      // view that reloads on `reconnected` asks after its subscriptions are renewed).
      const resubscribe: ClientMessage[] = this.subscriptions.events().map((event) => ({ type: 'subscribe', event }));
      const queued = this.outbox.splice(0).filter((m) => m.type === 'invoke');
      for (const message of [...resubscribe, ...queued]) socket.send(toWire(message));
      this.setState('open', this.closedBefore);
    });
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      this.closedBefore = true;
      // A call that fails here must not happen later: drop its frame if it was still queued.
      this.outbox = this.outbox.filter((m) => m.type !== 'invoke' || !this.pending.has(m.id));
      for (const { reject } of this.pending.values()) {
        reject(new WorkbenchError({ code: 'INTERNAL', message: 'connection to the workbench host was lost' }));
      }
      this.pending.clear();
      this.setState('closed');
      setTimeout(() => this.connect(), this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
    });
  }

  private receive(raw: string): void {
    const message = fromWire(raw) as ServerMessage;
    switch (message.type) {
      case 'result': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.response.ok) pending.resolve(message.response.value);
        else pending.reject(new WorkbenchError(message.response.error));
        return;
      }
      case 'event':
        this.subscriptions.dispatch(message.event as EventName, message.payload);
        return;
      case 'protocol-error':
        console.error(`workbench host rejected a frame: ${message.message}`);
        return;
    }
  }
}

export function webSocketUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}`;
}
