/**
 * Live latency: from the moment the worker reads a step's metrics back from the device (the
 * point's wallTime) to the moment a WebSocket subscriber — what the renderer uses — receives it,
 * through the store write, the event hub's 10 Hz coalescing and the socket. Measured on a real
 * headless host with a real training worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createHostServices } from '../src/main/core/host-services';
import { forkWorkerLauncher } from '../src/main/core/worker-host/fork-worker';
import { startHeadlessHost } from '../src/main/server/http-host';
import type { MetricsEvent } from '../src/shared/events';
import { TRAIN_KEYS } from '../src/shared/metric-keys';
import type { ServerMessage } from '../src/shared/transport-protocol';
import { builtFile } from '../tests/helpers/built-app';
import { tinyConfig } from '../tests/helpers/tiny-run';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export async function runLiveLatencyBench(): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vwb-latency-'));
  const services = createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(builtFile('main', 'worker.js')) });
  const host = await startHeadlessHost({ handlers: services.handlers, events: services.events, rendererDir: '/nonexistent', port: 0, host: '127.0.0.1' });
  const latencies: number[] = [];
  try {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws`, { headers: { cookie: `vwb_token_${host.port}=${host.token}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.on('message', (data: Buffer) => {
      const received = Date.now();
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type !== 'event' || message.event !== 'metrics') return;
      for (const run of (message.payload as MetricsEvent).runs) {
        // The last point of each report window is the one read back at wallTime.
        const points = run.points.filter((p) => p.key === TRAIN_KEYS.loss);
        const newest = points.at(-1);
        if (newest) latencies.push(received - newest.wallTime);
      }
    });
    socket.send(JSON.stringify({ type: 'subscribe', event: 'metrics' }));
    const run = services.runs.createRun({ config: tinyConfig({ epochs: 2, reportEverySteps: 2 }), name: 'latency bench' });
    await services.runs.whenSettled(run.id);
    socket.close();
  } finally {
    await host.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    what: 'ms from the worker reading a step back to a WebSocket subscriber receiving it (events coalesced to ≤ 10 Hz)',
    samples: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? NaN,
  };
}
