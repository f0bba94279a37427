/**
 * Run-store benchmark: ingest rate, downsampling a 1M-point series to 2,000 buckets, and listing
 * 1,000 runs, on a real database file in a temporary folder with the store's default durability
 * (synchronous=FULL: every batch fsync'd). Returns one JSON-serialisable object; the caller prints it.
 * Targets: ingest ≥ 1M points/s, downsample ≤ 20 ms, list ≤ 50 ms.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunStore } from '../src/main/core/store';
import type { MetricPoint } from '../src/shared/runs';

export interface StoreBenchOptions {
  /** Points in the big series (default 1,000,000). */
  points?: number;
  /** Runs for the list benchmark (default 1,000). */
  runs?: number;
  /** Timed repetitions of each read (default 15). */
  repeats?: number;
}

export async function runStoreBench(options: StoreBenchOptions = {}): Promise<object> {
  const totalPoints = options.points ?? 1_000_000;
  const runCount = options.runs ?? 1000;
  const repeats = options.repeats ?? 15;
  const folder = mkdtempSync(join(tmpdir(), 'vae-store-bench-'));
  const path = join(folder, 'runs.sqlite');
  const store = openRunStore(path);
  try {
    // Batches are generated before the clock starts: the rate is the store's, not the generator's.
    // Ingest 1: the big series in 10,000-point batches (one key), as a bulk import would.
    const big = store.createRun({ name: 'bench big series', config: {}, seed: 1 });
    const bulkBatch = 10_000;
    const bulkBatches: MetricPoint[][] = [];
    for (let start = 0; start < totalPoints; start += bulkBatch) {
      bulkBatches.push(points(['train/loss'], start, Math.min(bulkBatch, totalPoints - start)));
    }
    const bulkCpuBefore = process.cpuUsage();
    const bulkSeconds = timeSeconds(() => {
      for (const batch of bulkBatches) store.appendMetrics(big.id, batch);
    });
    const bulkCpu = process.cpuUsage(bulkCpuBefore);
    // CPU seconds of this process: less distorted than wall time when other processes share the cores.
    const bulkCpuSeconds = (bulkCpu.user + bulkCpu.system) / 1e6;
    bulkBatches.length = 0;

    // Ingest 2: worker-like batches, 8 keys × 64 steps = 512 points per transaction.
    const worker = store.createRun({ name: 'bench worker batches', config: {}, seed: 2 });
    const keys = ['train/loss', 'train/recon', 'train/kl', 'train/elbo', 'train/grad_norm', 'train/beta', 'train/lr', 'train/kl_raw'];
    const stepsPerBatch = 64;
    const workerSteps = Math.floor(totalPoints / keys.length / 4);
    const workerBatches: MetricPoint[][] = [];
    for (let start = 0; start < workerSteps; start += stepsPerBatch) workerBatches.push(points(keys, start, stepsPerBatch));
    const workerPoints = workerBatches.reduce((sum, batch) => sum + batch.length, 0);
    const workerSeconds = timeSeconds(() => {
      for (const batch of workerBatches) store.appendMetrics(worker.id, batch);
    });
    // The same batches with synchronous=NORMAL (no fsync per commit): what the durability costs.
    const relaxed = openRunStore(join(folder, 'relaxed.sqlite'), { synchronous: 'normal' });
    const relaxedRun = relaxed.createRun({ name: 'bench worker batches, NORMAL', config: {}, seed: 3 });
    const relaxedSeconds = timeSeconds(() => {
      for (const batch of workerBatches) relaxed.appendMetrics(relaxedRun.id, batch);
    });
    relaxed.close();

    // Downsample the big series to 2,000 buckets.
    const downsampleMs = repeatMs(repeats, () => store.getSeries(big.id, 'train/loss', { buckets: 2000 }));
    const sample = store.getSeries(big.id, 'train/loss', { buckets: 2000 });
    const zoomMs = repeatMs(repeats, () =>
      store.getSeries(big.id, 'train/loss', { buckets: 2000, fromStep: 123_457, toStep: 123_457 + Math.floor(totalPoints / 3) }),
    );

    // List 1,000 runs.
    for (let index = 0; index < runCount; index++) {
      const run = store.createRun({
        name: `run ${index} ${index % 3 === 0 ? 'conv' : 'mlp'} β=${(index % 7) + 1}`,
        config: { model: { kind: index % 3 === 0 ? 'conv' : 'mlp', latentDim: 2 + (index % 30) }, objective: { beta: (index % 7) + 1 } },
        seed: index,
        tags: index % 5 === 0 ? ['baseline', 'mnist'] : ['mnist'],
        createdAt: 1_700_000_000_000 + index * 1000,
      });
      store.mergeSummary(run.id, { model: 'mlp', elbo: -100 - (index % 17), nll: 90 + (index % 13), activeUnits: index % 20 });
    }
    const listMs = repeatMs(repeats, () => store.listRuns({ limit: 1000 }));
    const listByElboMs = repeatMs(repeats, () => store.listRuns({ limit: 1000, sort: 'elbo', order: 'desc' }));
    const searchMs = repeatMs(repeats, () => store.listRuns({ limit: 1000, search: 'conv baseline' }));

    return {
      benchmark: 'run-store',
      synchronous: 'full',
      ingest: {
        bulk: { points: totalPoints, batchPoints: bulkBatch, pointsPerSecond: Math.round(totalPoints / bulkSeconds), pointsPerCpuSecond: Math.round(totalPoints / bulkCpuSeconds), targetPointsPerSecond: 1_000_000 },
        workerBatches: {
          points: workerPoints,
          batchPoints: stepsPerBatch * keys.length,
          pointsPerSecond: Math.round(workerPoints / workerSeconds),
          pointsPerSecondWithoutFsync: Math.round(workerPoints / relaxedSeconds),
        },
      },
      downsample: {
        seriesPoints: totalPoints,
        buckets: sample.points.length,
        bucketWidth: sample.bucketWidth,
        ...summary(downsampleMs),
        zoomedThirdMs: summary(zoomMs).medianMs,
        targetMs: 20,
      },
      listRuns: { runs: runCount, ...summary(listMs), sortedBySummaryMedianMs: summary(listByElboMs).medianMs, searchMedianMs: summary(searchMs).medianMs, targetMs: 50 },
      databaseBytes: statSync(path).size,
    };
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function points(keys: readonly string[], start: number, steps: number): MetricPoint[] {
  const batch: MetricPoint[] = [];
  for (const key of keys) {
    for (let step = start; step < start + steps; step++) {
      // A decaying curve with noise and a rare spike, like a training loss.
      const spike = step % 99_991 === 0 ? 50 : 0;
      batch.push({ key, step, epoch: Math.floor(step / 469), wallTime: 1_700_000_000_000 + step * 25, value: 100 / Math.sqrt(step + 1) + Math.sin(step) + spike });
    }
  }
  return batch;
}

function timeSeconds(work: () => void): number {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
}

function repeatMs(repeats: number, work: () => unknown): number[] {
  work(); // warm the page cache and the statement
  return Array.from({ length: repeats }, () => timeSeconds(work) * 1000);
}

function summary(samples: number[]): { medianMs: number; minMs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { medianMs: round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN), minMs: round(sorted[0] ?? Number.NaN) };
}
