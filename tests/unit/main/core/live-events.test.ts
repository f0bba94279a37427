import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../../src/main/core/event-hub';
import type { RunProgress } from '../../../../src/shared/api';
import type { MetricsEvent } from '../../../../src/shared/events';

const point = (step: number) => ({ key: 'train/loss', step, epoch: 0, wallTime: step, value: step });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live events', () => {
  it('coalesce metrics to at most one delivery per interval per subscriber, losing no point', async () => {
    const hub = new EventHub(100);
    const deliveries: { at: number; event: MetricsEvent }[] = [];
    hub.on('metrics', (event) => deliveries.push({ at: Date.now(), event }));
    const started = Date.now();
    let step = 0;
    // 200 Hz from two runs for ~1 s.
    while (Date.now() - started < 1000) {
      hub.emit('metrics', { runs: [{ runId: 'a', points: [point(step)] }] });
      hub.emit('metrics', { runs: [{ runId: 'b', points: [point(step)] }] });
      step++;
      await sleep(5);
    }
    await sleep(250);
    // ≤ 10 Hz: about 11 deliveries in 1 s (the first goes out at once), never two within the interval.
    expect(deliveries.length).toBeLessThanOrEqual(13);
    for (let i = 1; i < deliveries.length; i++) {
      expect((deliveries[i]?.at ?? 0) - (deliveries[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(95);
    }
    for (const runId of ['a', 'b']) {
      const steps = deliveries.flatMap((d) => d.event.runs.filter((r) => r.runId === runId).flatMap((r) => r.points.map((p) => p.step)));
      expect(steps).toEqual(Array.from({ length: step }, (_, i) => i));
    }
  });

  it('deliver the first event of a quiet spell at once', () => {
    const hub = new EventHub(100);
    const seen: MetricsEvent[] = [];
    hub.on('metrics', (event) => seen.push(event));
    hub.emit('metrics', { runs: [{ runId: 'a', points: [point(1)] }] });
    expect(seen).toHaveLength(1);
  });

  it('keep only the latest progress per run within an interval', async () => {
    const hub = new EventHub(100);
    const seen: RunProgress[] = [];
    hub.on('progress', (progress) => seen.push(progress));
    const progress = (runId: string, step: number): RunProgress => ({ runId, step, totalSteps: 100, epoch: 0, epochs: 1, samplesPerSec: 1, etaSeconds: 1 });
    hub.emit('progress', progress('a', 1));
    for (let step = 2; step <= 20; step++) {
      hub.emit('progress', progress('a', step));
      hub.emit('progress', progress('b', step));
    }
    await sleep(150);
    expect(seen.map((p) => `${p.runId}${p.step}`)).toEqual(['a1', 'a20', 'b20']);
  });

  it('stop delivering after unsubscribe, pending batch included', async () => {
    const hub = new EventHub(100);
    const seen: MetricsEvent[] = [];
    const off = hub.on('metrics', (event) => seen.push(event));
    hub.emit('metrics', { runs: [{ runId: 'a', points: [point(1)] }] });
    hub.emit('metrics', { runs: [{ runId: 'a', points: [point(2)] }] });
    off();
    await sleep(150);
    expect(seen).toHaveLength(1);
    expect(hub.listenerCount('metrics')).toBe(0);
  });
});
