/**
 * A run small enough for process-level tests (a few seconds on 2 cores) that still goes through
 * everything real: the embedded digits, a worker process, evaluation, snapshots, checkpoints.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { createHostServices, type HostServices } from '../../src/main/core/host-services';
import { forkWorkerLauncher } from '../../src/main/core/worker-host/fork-worker';
import type { RunConfigInput } from '../../src/shared/config';
import { builtFile } from './built-app';

export function tinyConfig(overrides: { epochs?: number; reportEverySteps?: number; seed?: number } = {}): RunConfigInput {
  return {
    data: { dataset: { source: 'embedded-mnist' } },
    model: { hidden: [32], latentDim: 4 },
    optim: { batchSize: 256, epochs: overrides.epochs ?? 2 },
    eval: { iwaeK: 4, iwaePoints: 64, latentPoints: 200, maxHeldOut: 300 },
    reportEverySteps: overrides.reportEverySteps ?? 5,
    seed: overrides.seed ?? 7,
    backend: 'wasm',
  };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'vwb-runs-'));
}

export function openHost(dataDir: string): HostServices {
  return createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(builtFile('main', 'worker.js')), concurrency: 1 });
}

/**
 * Closes the host services a test file opens, after each test or after the file's last one, so a
 * failing test leaves no worker process behind. Wrap each: `const services = closing(openHost(dir))`.
 */
export function hostsClosedAfter(when: 'each' | 'all'): (services: HostServices) => HostServices {
  const opened: HostServices[] = [];
  (when === 'each' ? afterEach : afterAll)(async () => {
    await Promise.all(opened.splice(0).map((services) => services.close()));
  });
  return (services) => {
    opened.push(services);
    return services;
  };
}

export function waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = predicate();
      if (value) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

/** Steps of a series read back whole (no downsampling) — for gap and duplicate checks. */
export function seriesSteps(services: HostServices, runId: string, key: string): number[] {
  return services.store.getSeries(runId, key, { buckets: 100_000 }).points.map((bucket) => bucket.step);
}
