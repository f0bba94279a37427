/**
 * A typed publish/subscribe hub for WorkbenchEvents, shared by every transport adapter.
 * High-rate events (metrics, progress) are coalesced per subscriber to at most 10 Hz.
 */
import type { Unsubscribe } from '../../shared/api';
import { LIVE_EVENT_INTERVAL_MS, type EventName, type WorkbenchEvents } from '../../shared/events';
import { coalesceMetrics, coalesceProgress, type Coalescer } from './live-coalescer';

type Listener<E extends EventName> = (payload: WorkbenchEvents[E]) => void;

function rateLimitedListener<E extends EventName>(event: E, listener: Listener<E>, intervalMs: number): { listener: Listener<E>; dispose: () => void } {
  let coalescer: Coalescer<WorkbenchEvents[E]> | null = null;
  if (event === 'metrics') coalescer = coalesceMetrics(intervalMs, listener as Listener<'metrics'>) as Coalescer<WorkbenchEvents[E]>;
  if (event === 'progress') coalescer = coalesceProgress(intervalMs, listener as Listener<'progress'>) as Coalescer<WorkbenchEvents[E]>;
  if (!coalescer) return { listener, dispose: () => {} };
  const active = coalescer;
  return { listener: (payload) => active.push(payload), dispose: () => active.dispose() };
}

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  constructor(private readonly liveIntervalMs: number = LIVE_EVENT_INTERVAL_MS) {}

  on<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const wrapped = rateLimitedListener(event, listener, this.liveIntervalMs);
    const registered = wrapped.listener as Listener<EventName>;
    set.add(registered);
    return () => {
      set.delete(registered);
      wrapped.dispose();
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
