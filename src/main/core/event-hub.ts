/** A typed publish/subscribe hub for WorkbenchEvents, shared by every transport adapter. */
import type { Unsubscribe } from '../../shared/api';
import type { EventName, WorkbenchEvents } from '../../shared/events';

type Listener<E extends EventName> = (payload: WorkbenchEvents[E]) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => {
      set.delete(listener as Listener<EventName>);
    };
  }

  emit<E extends EventName>(event: E, payload: WorkbenchEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      // One failing subscriber (e.g. a socket that just closed) must not starve the others.
      try {
        listener(payload);
      } catch {
        /* the subscriber's transport reports its own failures */
      }
    }
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
