/**
 * Training benchmark: the mnist-vae preset (784-400-20 MLP, batch 128) on every backend this
 * machine has (cpu-blas once per OpenBLAS thread count: 1, and every core), with the machine's float32 matmul speed measured on the same backend in the same
 * run (the roofline the training speed should be read against), evaluation time against epoch
 * time, peak RSS, and — where Debian's python3-torch is installed — the same model in PyTorch,
 * timed in the same run: once per thread configuration, then alternating with ours for a few
 * rounds, whose best rounds give the headline ratio.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { parseRunConfig, PRESETS } from '../src/shared/config';
import type { BackendName, TrainingReport } from '../src/shared/training-report';
import { selectBackend } from '../src/worker/backend/select-backend';
import type { ImageDataset } from '../src/worker/data/image-dataset';
import { loadDataset } from '../src/worker/data/load-dataset';
import { RUN_TO_END } from '../src/worker/train/control';
import { runTraining } from '../src/worker/train/run-training';

export interface TrainBenchOptions {
  /** Folder with the MNIST IDX files; default $VAE_BENCH_MNIST, then ../shared/datasets/mnist, else the embedded digits. */
  mnistFolder?: string;
  /** Full epochs (with evaluation) on the fastest backend; default 1. */
  epochs?: number;
  /** Steps timed on the slow pure-JS cpu backend; default 10. */
  cpuSteps?: number;
  /** Python with torch; default /usr/bin/python3. Set to null to skip PyTorch. */
  python?: string | null;
  /** Interleaved rounds of ours and PyTorch for the headline ratio; default 5. */
  rounds?: number;
}

export interface BackendBench {
  backend: BackendName;
  device: string;
  /** OpenBLAS threads for cpu-blas; null on the other backends. */
  blasThreads: number | null;
  /** Float32 matmul n×n·n×n on this backend, GFLOP/s. */
  matmulGflops: { size: number; gflops: number };
  /** The model's largest matmul, [128, 784]·[784, 400], GFLOP/s. */
  modelMatmulGflops: number;
  /** Training only (no evaluation), over the timed steps: those after the first report (warm-up). */
  samplesPerSec: number;
  /** GFLOP/s the training achieves (≈ 6·params·samples/s: forward 2, backward 4). */
  trainingGflops: number;
  /** trainingGflops ÷ matmulGflops.gflops: how much of the same run's square-sgemm speed training reaches. */
  trainingShareOfMatmul: number;
  stepsTimed: number;
  epochSeconds: number | null;
  evaluationSeconds: number | null;
  snapshotSeconds: number | null;
  heldOutElbo: number | null;
}

export interface PytorchBench {
  torch: string;
  /** PyTorch's intra-op threads (torch.set_num_threads). */
  threads: number;
  blas: string;
  /** OpenBLAS's threads in that run (null where it could not be asked): its matmuls use these. */
  blasThreads: number | null;
  samplesPerSec: number;
  epochSeconds: number[];
  matmulGflops: number;
}

export interface TrainBenchResult {
  machine: { cpus: number; cpuModel: string; node: string; tfjs: string; loadAverage: number[] };
  dataset: { name: string; trainCount: number; testCount: number };
  backends: BackendBench[];
  /** PyTorch with 1 and every-core intra-op threads (OpenBLAS on every core), and with one thread for both. */
  pytorch: { runs: PytorchBench[] } | { skipped: string };
  /** Interleaved rounds of our default backend and PyTorch's fastest configuration. */
  comparison: InterleavedComparison | { skipped: string };
  /** comparison.bestRatio: ours ÷ PyTorch, best of interleaved rounds each (≥ 1 is the target). */
  ratioToPytorch: number | null;
  /** The fastest of our single runs above ÷ the fastest of PyTorch's (one run each: noisier). */
  ratioBestConfigurations: number | null;
  /** cpu-blas with one OpenBLAS thread ÷ PyTorch with one thread for itself and OpenBLAS: one core each. */
  ratioToPytorchOneCore: number | null;
  peakRssBytes: number;
}

/** Multiply-adds of the mnist-vae model per example: 784·400 + 400·40 + 20·400 + 400·784. */
const MODEL_MACS = 784 * 400 + 400 * 40 + 20 * 400 + 400 * 784;

export async function runTrainBench(options: TrainBenchOptions = {}): Promise<TrainBenchResult> {
  const dataset = await benchDataset(options.mnistFolder);
  const backends: BackendBench[] = [];
  const available = await availableBackends();
  for (const backend of available) {
    const fullEpochs = backend === 'cpu' ? null : (options.epochs ?? 1);
    const threadCounts = backend === 'cpu-blas' ? [...new Set([1, os.cpus().length])] : [null];
    for (const blasThreads of threadCounts) {
      backends.push(await benchBackend(backend, dataset, fullEpochs, options.cpuSteps ?? 10, blasThreads));
    }
  }
  const setup = pytorchSetup(options.python === undefined ? '/usr/bin/python3' : options.python, dataset);
  const pytorch = await benchPytorch(setup);
  const fastest = backends.reduce((best, b) => (b.samplesPerSec > best.samplesPerSec ? b : best));
  const defaultBackend = available[0] as BackendName;
  const comparison = await interleavedComparison(setup, dataset, defaultBackend, options.rounds ?? 5);
  return {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.versions.node,
      tfjs: tf.version.tfjs,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    dataset: { name: dataset.info.name, trainCount: dataset.info.trainCount, testCount: dataset.info.testCount },
    backends,
    pytorch,
    comparison,
    ratioToPytorch: 'bestRatio' in comparison ? comparison.bestRatio : null,
    ratioBestConfigurations: 'runs' in pytorch ? fastest.samplesPerSec / Math.max(...pytorch.runs.map((r) => r.samplesPerSec)) : null,
    ratioToPytorchOneCore: oneCoreRatio(backends, pytorch),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function oneCoreRatio(backends: BackendBench[], pytorch: TrainBenchResult['pytorch']): number | null {
  const ours = backends.find((b) => b.backend === 'cpu-blas' && b.blasThreads === 1);
  const theirs = 'runs' in pytorch ? pytorch.runs.find((r) => r.threads === 1 && r.blasThreads === 1) : undefined;
  return ours && theirs ? ours.samplesPerSec / theirs.samplesPerSec : null;
}

function mnistFolder(explicit: string | undefined): string | null {
  const candidates = [explicit, process.env.VAE_BENCH_MNIST, path.resolve('../shared/datasets/mnist')];
  return candidates.find((c): c is string => c !== undefined && existsSync(c)) ?? null;
}

async function benchDataset(explicit: string | undefined): Promise<ImageDataset> {
  const folder = mnistFolder(explicit);
  return folder === null ? loadDataset({ source: 'embedded-mnist' }) : loadDataset({ source: 'idx', name: 'mnist', folder });
}

/** Native backends when they load, then cpu-blas, wasm and cpu (each verified by selectBackend). */
async function availableBackends(): Promise<BackendName[]> {
  const names: BackendName[] = [];
  const auto = await selectBackend('auto');
  if (auto.name === 'tensorflow') names.push('tensorflow');
  for (const name of ['cpu-blas', 'wasm', 'cpu'] as const) {
    try {
      await selectBackend(name);
      names.push(name);
    } catch {
      // Not usable here; the result lists only backends that ran.
    }
  }
  return names;
}

function timeMatmul(size: number, repeats: number): number {
  const a = tf.randomNormal([size, size]);
  const b = tf.randomNormal([size, size]);
  tf.matMul(a, b).dataSync();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) tf.matMul(a, b).dataSync();
  const seconds = (performance.now() - start) / 1000 / repeats;
  tf.dispose([a, b]);
  return (2 * size ** 3) / seconds / 1e9;
}

function timeModelMatmul(repeats: number): number {
  const x = tf.randomNormal([128, 784]);
  const w = tf.randomNormal([784, 400]);
  tf.matMul(x, w).dataSync();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) tf.matMul(x, w).dataSync();
  const seconds = (performance.now() - start) / 1000 / repeats;
  tf.dispose([x, w]);
  return (2 * 128 * 784 * 400) / seconds / 1e9;
}

async function benchBackend(
  backend: BackendName,
  dataset: ImageDataset,
  epochs: number | null,
  cpuSteps: number,
  blasThreads: number | null,
  evaluate = true,
): Promise<BackendBench> {
  // cpu-blas takes its thread count from OPENBLAS_NUM_THREADS when it is selected (and the run
  // selects it again with the same value).
  const savedThreads = process.env.OPENBLAS_NUM_THREADS;
  if (blasThreads !== null) process.env.OPENBLAS_NUM_THREADS = String(blasThreads);
  try {
    return await benchSelectedBackend(backend, dataset, epochs, cpuSteps, blasThreads, evaluate);
  } finally {
    if (savedThreads === undefined) delete process.env.OPENBLAS_NUM_THREADS;
    else process.env.OPENBLAS_NUM_THREADS = savedThreads;
  }
}

async function benchSelectedBackend(
  backend: BackendName,
  dataset: ImageDataset,
  epochs: number | null,
  cpuSteps: number,
  blasThreads: number | null,
  evaluate: boolean,
): Promise<BackendBench> {
  const info = await selectBackend(backend);
  const size = backend === 'cpu' ? 512 : 2048;
  const matmulGflops = { size, gflops: timeMatmul(size, backend === 'cpu' ? 2 : 5) };
  const modelMatmulGflops = timeModelMatmul(backend === 'cpu' ? 5 : 50);

  const preset = PRESETS['mnist-vae'].config;
  const config = parseRunConfig({ ...preset, backend, optim: { ...preset.optim, epochs: epochs ?? 1 }, reportEverySteps: epochs === null ? 2 : 25 });
  const times: { type: TrainingReport['type']; at: number }[] = [];
  let elbo: number | null = null;
  let evaluationMs: number | null = null;
  let stepsTimed = 0;
  let firstMetricsAt: number | null = null;
  let lastMetricsAt = 0;
  let startedAt = 0;
  const sink = (report: TrainingReport) => {
    const at = performance.now();
    times.push({ type: report.type, at });
    if (report.type === 'started') startedAt = at;
    // The steps up to the first report warm up (kernels, allocator), as PyTorch's 20 untimed steps do.
    if (report.type === 'metrics' && firstMetricsAt === null) firstMetricsAt = at;
    else if (report.type === 'metrics' && (elbo === null || epochs === null)) {
      stepsTimed += report.steps.length;
      lastMetricsAt = at;
    }
    if (report.type === 'evaluation' && elbo === null) {
      elbo = report.evaluation.elbo;
      evaluationMs = report.evaluation.durationMs;
    }
  };
  const outcome = await runTraining(config, sink, RUN_TO_END, {
    dataset,
    ...(epochs === null ? { maxSteps: cpuSteps, evaluate: false } : { evaluate }),
  });
  if (outcome.status === 'failed') throw new Error(`benchmark run on ${backend} failed: ${outcome.failure?.diagnosis}`);
  const trainSeconds = (lastMetricsAt - (firstMetricsAt ?? startedAt)) / 1000;
  const samplesPerSec = (stepsTimed * config.optim.batchSize) / trainSeconds;
  const evaluationAt = times.find((t) => t.type === 'evaluation')?.at ?? null;
  const snapshotAt = times.find((t) => t.type === 'snapshot')?.at ?? null;
  return {
    backend,
    device: info.device,
    blasThreads,
    matmulGflops,
    modelMatmulGflops,
    samplesPerSec,
    trainingGflops: (6 * MODEL_MACS * samplesPerSec) / 1e9,
    trainingShareOfMatmul: (6 * MODEL_MACS * samplesPerSec) / 1e9 / matmulGflops.gflops,
    stepsTimed,
    epochSeconds: snapshotAt === null ? null : (snapshotAt - startedAt) / 1000,
    evaluationSeconds: evaluationMs === null ? null : evaluationMs / 1000,
    snapshotSeconds: snapshotAt === null || evaluationAt === null ? null : (snapshotAt - evaluationAt) / 1000,
    heldOutElbo: elbo,
  };
}

interface PytorchSetup {
  python: string;
  script: string;
  folder: string;
  env: NodeJS.ProcessEnv;
}

function pytorchSetup(python: string | null, dataset: ImageDataset): PytorchSetup | { skipped: string } {
  if (python === null) return { skipped: 'disabled by the caller' };
  const folder = mnistFolder(undefined);
  if (folder === null || dataset.info.source !== 'idx') return { skipped: 'the MNIST IDX files are needed for the PyTorch side' };
  // This machine sets OPENBLAS_CORETYPE=Haswell, which limits OpenBLAS to AVX2; unset it so the
  // reference uses the CPU's best kernels.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  return { python, script: fileURLToPath(new URL('./pytorch_vae.py', import.meta.url)), folder, env };
}

/** One epoch of the PyTorch model in a child process; blasThreads null leaves OpenBLAS at its default. */
async function runPytorch(setup: PytorchSetup, threads: number, blasThreads: number | null): Promise<PytorchBench> {
  const env = blasThreads === null ? setup.env : { ...setup.env, OPENBLAS_NUM_THREADS: String(blasThreads) };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(setup.python, [setup.script, setup.folder, '--threads', String(threads)], { env, timeout: 1_800_000, maxBuffer: 1 << 20 }, (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`));
      else resolve(out);
    });
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as PytorchBench;
}

async function benchPytorch(setup: PytorchSetup | { skipped: string }): Promise<{ runs: PytorchBench[] } | { skipped: string }> {
  if ('skipped' in setup) return setup;
  // torch.set_num_threads sizes PyTorch's own pool only: OpenBLAS keeps one thread per core unless
  // OPENBLAS_NUM_THREADS says otherwise, so the single-core reference sets both.
  const cores = os.cpus().length;
  const configurations = [
    { threads: 1, blasThreads: null },
    { threads: cores, blasThreads: null },
    { threads: 1, blasThreads: 1 },
  ].filter((_, i) => i !== 1 || cores > 1);
  try {
    const runs: PytorchBench[] = [];
    for (const { threads, blasThreads } of configurations) runs.push(await runPytorch(setup, threads, blasThreads));
    return { runs };
  } catch (error) {
    return { skipped: `PyTorch run failed or torch is not installed (${(error as Error).message.split('\n')[0]})` };
  }
}

export interface InterleavedComparison {
  what: string;
  rounds: number;
  /** Our fastest backend at its default settings, training samples/s per round. */
  ours: { backend: BackendName; samplesPerSec: number[]; best: number; median: number };
  /** PyTorch in its fastest configuration here (1 intra-op thread, OpenBLAS on every core), per round. */
  pytorch: { samplesPerSec: number[]; best: number; median: number };
  bestRatio: number;
  medianRatio: number;
}

/**
 * Ours and PyTorch's one epoch each, alternating, several rounds. These machines are shared: one
 * process training 8 epochs in a row measured anywhere from 18.0k to 24.0k samples/s, and a single
 * pair of runs from 0.74× to 1.15×. Interference only ever slows a run down, so each side's speed
 * is its best round (as pytorch_vae.py reports its best epoch); the medians are kept beside it.
 */
async function interleavedComparison(
  setup: PytorchSetup | { skipped: string },
  dataset: ImageDataset,
  backend: BackendName,
  rounds: number,
): Promise<InterleavedComparison | { skipped: string }> {
  if ('skipped' in setup) return setup;
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      ours.push((await benchBackend(backend, dataset, 1, 0, null, false)).samplesPerSec);
      theirs.push((await runPytorch(setup, 1, null)).samplesPerSec);
    }
  } catch (error) {
    return { skipped: `the interleaved comparison failed (${(error as Error).message.split('\n')[0]})` };
  }
  const side = (values: number[]) => ({ samplesPerSec: values, best: Math.max(...values), median: median(values) });
  const oursSide = side(ours);
  const theirsSide = side(theirs);
  return {
    what: 'training samples/s, one epoch each, alternating; ratios of the best rounds and of the medians',
    rounds,
    ours: { backend, ...oursSide },
    pytorch: theirsSide,
    bestRatio: oursSide.best / theirsSide.best,
    medianRatio: oursSide.median / theirsSide.median,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
