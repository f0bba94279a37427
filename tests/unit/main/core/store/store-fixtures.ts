/** Temporary databases and sample data for the store tests; every folder is removed after its test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openRunStore, type RunStore } from '../../../../../src/main/core/store';
import type { MetricPoint, NewRun } from '../../../../../src/shared/runs';
import { Random } from '../../../../../src/worker/random';

const folders: string[] = [];
const stores: RunStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'vae-store-test-'));
  folders.push(folder);
  return folder;
}

/** A store on a fresh file, closed after the test. */
export function freshStore(path = join(temporaryFolder(), 'runs.sqlite')): RunStore {
  return track(openRunStore(path, { synchronous: 'normal' }));
}

export function track(store: RunStore): RunStore {
  stores.push(store);
  return store;
}

export function sampleRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'mnist β=1',
    config: { model: { kind: 'mlp', hidden: [400], latentDim: 20 }, objective: { beta: 1 }, optimizer: { lr: 0.001 } },
    seed: 1,
    ...overrides,
  };
}

/** `count` points of one key at steps start, start+stride, ...; values random normal unless given. */
export function series(key: string, count: number, options: { start?: number; stride?: number; seed?: number; value?: (index: number) => number } = {}): MetricPoint[] {
  const random = new Random(options.seed ?? 7);
  const start = options.start ?? 0;
  const stride = options.stride ?? 1;
  return Array.from({ length: count }, (_, index) => ({
    key,
    step: start + index * stride,
    epoch: Math.floor((start + index * stride) / 469),
    wallTime: 1_700_000_000_000 + index * 37,
    value: options.value ? options.value(index) : random.normal(),
  }));
}

/** The value, or a test failure naming what was missing (the lint forbids `!`). */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}
