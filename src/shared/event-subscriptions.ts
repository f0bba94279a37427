/**
 * The renderer-side half of event subscriptions, shared by both transports: many listeners per event,
 * but the host is told to start (and stop) sending an event only once, when its first listener
 * arrives and its last one leaves.
 */
import type { Unsubscribe } from './api';
import type { EventName } from './events';

export class EventSubscriptions {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  constructor(
    private readonly onFirst: (event: EventName) => void,
    private readonly onLast: (event: EventName) => void,
  ) {}

  add(event: EventName, listener: (payload: unknown) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      this.onFirst(event);
    }
    set.add(listener);
    return () => {
      if (!set.delete(listener) || set.size > 0) return;
      this.listeners.delete(event);
      this.onLast(event);
    };
  }

  dispatch(event: EventName, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  /** Events with at least one listener (to subscribe again after a reconnect). */
  events(): EventName[] {
    return [...this.listeners.keys()];
  }
}
