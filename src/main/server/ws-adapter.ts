/**
 * The WorkbenchApi over one WebSocket connection: `invoke` frames go through the shared dispatcher,
 * `subscribe` frames attach the socket to the event hub. Malformed frames get a typed answer and
 * the connection stays open.
 */
import type { WebSocket } from 'ws';
import type { Unsubscribe } from '../../shared/api';
import { EVENT_NAMES, type EventName } from '../../shared/events';
import { fromWire, toWire } from '../../shared/json-wire';
import type { ClientMessage, ServerMessage } from '../../shared/transport-protocol';
import { dispatch, type ApiHandlers } from '../core/api-dispatcher';
import type { EventHub } from '../core/event-hub';

/**
 * Frames larger than this are refused rather than parsed. Large enough for importRun, which carries
 * a whole bundle (checkpoints with Adam state: ~8 MB for mnist-vae, far more for wide models) as base64.
 */
export const MAX_FRAME_BYTES = 512 * 2 ** 20;

function parseClientMessage(raw: string): ClientMessage | string {
  let value: unknown;
  try {
    value = fromWire(raw);
  } catch {
    return 'frame is not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return 'frame is not a JSON object';
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'invoke':
      if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) return 'invoke frame needs an integer id';
      return { type: 'invoke', id: message.id, method: String(message.method), params: message.params };
    case 'subscribe':
    case 'unsubscribe':
      if (typeof message.event !== 'string') return `${message.type} frame needs an event name`;
      return { type: message.type, event: message.event };
    default:
      return `unknown frame type ${JSON.stringify(message.type)}`;
  }
}

function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as string[]).includes(name);
}

export function attachWebSocket(socket: WebSocket, handlers: ApiHandlers, events: EventHub): void {
  const subscriptions = new Map<EventName, Unsubscribe>();
  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(toWire(message));
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) return send({ type: 'protocol-error', message: 'binary frames are not accepted' });
    const parsed = parseClientMessage(data.toString());
    if (typeof parsed === 'string') return send({ type: 'protocol-error', message: parsed });
    switch (parsed.type) {
      case 'invoke':
        void dispatch(handlers, parsed.method, parsed.params).then((response) =>
          send({ type: 'result', id: parsed.id, response }),
        );
        return;
      case 'subscribe':
        if (!isEventName(parsed.event)) return send({ type: 'protocol-error', message: `unknown event ${parsed.event}` });
        if (!subscriptions.has(parsed.event)) {
          const event = parsed.event;
          subscriptions.set(event, events.on(event, (payload) => send({ type: 'event', event, payload })));
        }
        return;
      case 'unsubscribe':
        if (isEventName(parsed.event)) {
          subscriptions.get(parsed.event)?.();
          subscriptions.delete(parsed.event);
        }
        return;
    }
  });

  // A malformed frame (invalid UTF-8, RSV1 without compression, an unmasked frame, opcode 3, close
  // code 1005, ...) makes ws close this connection with the matching code and then emit 'error'.
  // Without a listener that 'error' would be thrown and take down the host and every other client.
  socket.on('error', () => {
    /* ws has already closed the socket with the right code; nothing else is affected */
  });

  socket.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}
