/**
 * Live events can arrive hundreds of times a second (several runs, each reporting every few steps).
 * A subscriber gets them at most once per interval: metrics are merged per run, progress keeps the
 * latest per run. The first event after a quiet spell is delivered at once, so latency stays low.
 */
import type { RunProgress } from '../../shared/api';
import type { MetricsEvent } from '../../shared/events';
import type { MetricPoint } from '../../shared/runs';

export interface Coalescer<T> {
  push(payload: T): void;
  dispose(): void;
}

function rateLimited<T>(intervalMs: number, deliver: (batch: T[]) => void): Coalescer<T> {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDelivery = -Infinity;

  const flush = () => {
    timer = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastDelivery = Date.now();
    deliver(batch);
  };

  return {
    push(payload) {
      pending.push(payload);
      if (timer) return;
      const wait = lastDelivery + intervalMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}

export function coalesceMetrics(intervalMs: number, listener: (event: MetricsEvent) => void): Coalescer<MetricsEvent> {
  return rateLimited<MetricsEvent>(intervalMs, (batch) => {
    const byRun = new Map<string, MetricPoint[]>();
    for (const event of batch) {
      for (const { runId, points } of event.runs) {
        const list = byRun.get(runId);
        if (list) list.push(...points);
        else byRun.set(runId, [...points]);
      }
    }
    listener({ runs: [...byRun].map(([runId, points]) => ({ runId, points })) });
  });
}

export function coalesceProgress(intervalMs: number, listener: (progress: RunProgress) => void): Coalescer<RunProgress> {
  return rateLimited<RunProgress>(intervalMs, (batch) => {
    const latest = new Map<string, RunProgress>();
    for (const progress of batch) latest.set(progress.runId, progress);
    for (const progress of latest.values()) listener(progress);
  });
}
