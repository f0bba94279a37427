/**
 * Convolutional training benchmark: the conv-vae preset on full MNIST, and a 32×32×3 conv VAE
 * (hidden [32, 64, 256]) on colour images read through the image-folder loader, each beside the
 * same architecture in PyTorch (bench/pytorch_vae.py --model conv), timed in the same run.
 *
 * Protocol (as bench/train-bench.ts's for the MLP): PyTorch once per thread configuration, then
 * ours and PyTorch's fastest configuration alternating for a few rounds; the headline ratio is of
 * each side's best round (interference on a shared machine only slows a run down), the medians
 * beside it. A round times a fixed number of steps after a warm-up on both sides, not a whole
 * epoch: PyTorch's conv model ran anywhere from 140 to 840 samples/s here under other users' load,
 * and an epoch at the slow end takes minutes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { parseRunConfig, PRESETS } from '../src/shared/config';
import type { TrainingReport } from '../src/shared/training-report';
import { selectBackend } from '../src/worker/backend/select-backend';
import type { ImageDataset } from '../src/worker/data/image-dataset';
import { loadDataset } from '../src/worker/data/load-dataset';
import { RUN_TO_END } from '../src/worker/train/control';
import { runTraining } from '../src/worker/train/run-training';
import type { BlasBinding } from '../src/worker/blas/blas-binding';
import { convModelLayers, runConvLayerBench, type ConvLayerBench } from './conv-layer-bench';
import { profileConvStep, type StepProfile } from './conv-step-profile';
import { pytorchEnvironment } from './pytorch-env';

export interface ConvBenchOptions {
  /** Folder with the MNIST IDX files; default $VAE_BENCH_MNIST, then ../shared/datasets/mnist. */
  mnistFolder?: string;
  python?: string | null;
  /** Interleaved rounds per model; default 3. */
  rounds?: number;
  /** Steps timed per round, after the warm-up; default 60. */
  steps?: number;
  /** Colour images written for the image-folder model; default 2,000. */
  colourImages?: number;
}

export interface ConvModelBench {
  what: string;
  backend: string;
  device: string;
  hidden: number[];
  image: [number, number, number];
  pytorchConfigurations: { threads: number; blas: string; samplesPerSec: number }[];
  pytorchThreads: number;
  /** Samples/s per round, and the 1-minute load average just before each side's round. */
  rounds: { ours: number[]; pytorch: number[]; loadAverage: { ours: number[]; pytorch: number[] } };
  ours: { best: number; median: number };
  pytorch: { best: number; median: number };
  /** Ours ÷ PyTorch, best rounds (≥ 1 is the target). */
  bestRatio: number;
  medianRatio: number;
}

/** conv-vae before the native convolutions, measured the same way (issue 14): the starting point. */
export const STARTING_RATIO = 0.48;

/** Steps before the timing starts (kernels, allocator), as PyTorch's script warms up 20. */
const WARMUP_STEPS = 20;

/** Both sides train on batches of 128 (pytorch_vae.py's size). */
const BATCH = 128;

function settings(options: ConvBenchOptions) {
  return {
    folder: [options.mnistFolder, process.env.VAE_BENCH_MNIST, path.resolve('../shared/datasets/mnist')].find((c) => c !== undefined) as string,
    python: options.python === undefined ? '/usr/bin/python3' : options.python,
    rounds: options.rounds ?? 3,
    steps: options.steps ?? 60,
  };
}

/** conv-vae on full MNIST beside PyTorch, and where one of its steps spends its time. */
export async function runConvBench(
  options: ConvBenchOptions = {},
): Promise<{ startingRatio: number; mnist: ConvModelBench | { skipped: string }; stepProfile: StepProfile; layers: ConvLayerBench[] | { skipped: string } }> {
  const { folder, python, rounds, steps } = settings(options);
  const mnist = await loadDataset({ source: 'idx', name: 'mnist', folder });
  const result = await compare('conv-vae on full MNIST', mnist, [16, 32, 256], python, ['--model', 'conv', folder], rounds, steps);
  const stepProfile = await profileConvStep();
  return { startingRatio: STARTING_RATIO, mnist: result, stepProfile, layers: await layerBenches('conv-vae', [16, 32, 256], { height: 28, width: 28, channels: 1 }, python) };
}

/** The 32×32×3 conv VAE on colour PNGs read through the image-folder loader, beside PyTorch. */
export async function runColourConvBench(options: ConvBenchOptions = {}): Promise<ColourBench> {
  const { folder, python, rounds, steps } = settings(options);
  const mnist = await loadDataset({ source: 'idx', name: 'mnist', folder });
  return colourBench(mnist, python, rounds, steps, options.colourImages ?? 2000);
}

type ColourBench = (ConvModelBench & { imageFolderLoadSeconds: number; images: number; layers: ConvLayerBench[] | { skipped: string } }) | { skipped: string };

async function colourBench(mnist: ImageDataset, python: string | null, rounds: number, steps: number, count: number): Promise<ColourBench> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'vwb-colour-'));
  try {
    writeColourFolder(mnist, count, work);
    const started = performance.now();
    const dataset = await loadDataset({ source: 'image-folder', folder: work, height: 32, width: 32, color: 'rgb' });
    const imageFolderLoadSeconds = (performance.now() - started) / 1000;
    const args = ['--model', 'conv', '--image', '32,32,3', '--hidden', '32,64,256', '--synthetic', String(dataset.info.trainCount), work];
    const result = await compare('32×32×3 conv VAE on colour PNGs (image-folder loader)', dataset, [32, 64, 256], python, args, rounds, steps);
    if ('skipped' in result) return result;
    const layers = await layerBenches('32×32×3 conv VAE', [32, 64, 256], { height: 32, width: 32, channels: 3 }, python);
    return { ...result, imageFolderLoadSeconds, images: count, layers };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `count` 32×32 RGB PNGs in one folder per digit class: MNIST digits centred on a 32×32 canvas,
 * each with its own foreground and background colour (so all three channels carry signal).
 */
function writeColourFolder(mnist: ImageDataset, count: number, folder: string): void {
  const side = 28;
  for (let i = 0; i < count; i++) {
    const label = mnist.trainLabels[i] as number;
    const classFolder = path.join(folder, `digit-${label}`);
    mkdirSync(classFolder, { recursive: true });
    const png = new PNG({ width: 32, height: 32 });
    const fg = [(i * 67) % 256, (i * 151) % 256, (i * 29 + 128) % 256];
    const bg = [255 - (fg[0] as number), (i * 13) % 128, 255 - (fg[2] as number)];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const inside = y >= 2 && y < 30 && x >= 2 && x < 30;
        const ink = inside ? (mnist.trainImages[i * side * side + (y - 2) * side + (x - 2)] as number) : 0;
        const o = (y * 32 + x) * 4;
        for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(ink * (fg[c] as number) + (1 - ink) * (bg[c] as number));
        png.data[o + 3] = 255;
      }
    }
    writeFileSync(path.join(classFolder, `${String(i).padStart(5, '0')}.png`), PNG.sync.write(png));
  }
}

async function compare(what: string, dataset: ImageDataset, hidden: number[], python: string | null, pytorchArgs: string[], rounds: number, steps: number): Promise<ConvModelBench | { skipped: string }> {
  if (python === null) return { skipped: 'PyTorch disabled by the caller' };
  const info = await selectBackend('auto');
  const configurations: ConvModelBench['pytorchConfigurations'] = [];
  try {
    for (const threads of [...new Set([1, os.cpus().length])]) {
      const run = await runPytorchConv(python, [...pytorchArgs, '--threads', String(threads), '--steps', String(steps)]);
      configurations.push({ threads, blas: run.blas, samplesPerSec: run.samplesPerSec });
    }
  } catch (error) {
    return { skipped: `PyTorch run failed or torch is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  const fastest = configurations.reduce((best, c) => (c.samplesPerSec > best.samplesPerSec ? c : best));
  const ours: number[] = [];
  const theirs: number[] = [];
  const load = { ours: [] as number[], pytorch: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    load.ours.push(loadAverage1m());
    ours.push(await oursSamplesPerSec(dataset, hidden, steps));
    load.pytorch.push(loadAverage1m());
    theirs.push((await runPytorchConv(python, [...pytorchArgs, '--threads', String(fastest.threads), '--steps', String(steps)])).samplesPerSec);
  }
  const oursSide = { best: Math.max(...ours), median: median(ours) };
  const theirsSide = { best: Math.max(...theirs), median: median(theirs) };
  return {
    what,
    backend: info.name,
    device: info.device,
    hidden,
    image: [dataset.info.height, dataset.info.width, dataset.info.channels],
    pytorchConfigurations: configurations,
    pytorchThreads: fastest.threads,
    rounds: { ours, pytorch: theirs, loadAverage: load },
    ours: oursSide,
    pytorch: theirsSide,
    bestRatio: oursSide.best / theirsSide.best,
    medianRatio: oursSide.median / theirsSide.median,
  };
}

/** Our training samples/s over `steps` steps after the warm-up, on the default backend (no evaluation). */
async function oursSamplesPerSec(dataset: ImageDataset, hidden: number[], steps: number): Promise<number> {
  const preset = PRESETS['conv-vae'].config;
  // Batch 128 as pytorch_vae.py trains (the protocol), whatever the preset's own batch size.
  const config = parseRunConfig({ ...preset, model: { ...preset.model, hidden }, optim: { ...preset.optim, batchSize: BATCH }, reportEverySteps: WARMUP_STEPS });
  let firstAt: number | null = null;
  let lastAt = 0;
  let timed = 0;
  const sink = (report: TrainingReport) => {
    if (report.type !== 'metrics') return;
    const at = performance.now();
    if (firstAt === null) firstAt = at;
    else {
      timed += report.steps.length;
      lastAt = at;
    }
  };
  const outcome = await runTraining(config, sink, RUN_TO_END, { dataset, maxSteps: WARMUP_STEPS + steps, evaluate: false });
  if (outcome.status === 'failed') throw new Error(`conv benchmark run failed: ${outcome.failure?.diagnosis}`);
  if (firstAt === null || timed === 0) throw new Error('the conv benchmark run reported no timed steps');
  return (timed * config.optim.batchSize) / ((lastAt - firstAt) / 1000);
}

interface PytorchConvRun {
  blas: string;
  samplesPerSec: number;
}

function runPytorchConv(python: string, args: string[]): Promise<PytorchConvRun> {
  const env = pytorchEnvironment();
  const script = fileURLToPath(new URL('./pytorch_vae.py', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(python, [script, ...args], { env, timeout: 1_800_000, maxBuffer: 1 << 20 }, (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as PytorchConvRun);
    });
  });
}

const loadAverage1m = () => Number((os.loadavg()[0] as number).toFixed(2));

/**
 * The model's convolution layers one by one beside PyTorch's (conv-layer-bench.ts), at one thread
 * and at one per core; skipped where the native package is not built.
 */
async function layerBenches(model: string, hidden: number[], image: { height: number; width: number; channels: number }, python: string | null): Promise<ConvLayerBench[] | { skipped: string }> {
  let blas: BlasBinding;
  try {
    const specifier: string = 'vae-workbench-blas';
    blas = ((await import(/* @vite-ignore */ specifier)) as { default: BlasBinding }).default;
  } catch (error) {
    return { skipped: `vae-workbench-blas did not load (${(error as Error).message.split('\n')[0]})` };
  }
  const layers = convModelLayers(hidden, image, BATCH);
  const benches: ConvLayerBench[] = [];
  for (const threads of [...new Set([1, os.cpus().length])]) benches.push(await runConvLayerBench(blas, model, layers, threads, python));
  return benches;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
