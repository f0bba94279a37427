/**
 * The conv models' layers one by one: our native kernels (vae-workbench-blas conv2d and
 * conv2dGrad, the resampling folded in) beside PyTorch's own convolution on the same shapes
 * (bench/pytorch_conv_layers.py: F.conv2d and its autograd backward, on the input already
 * resampled), forward and backward, GFLOP/s each, at one thread and at one per core. Where a step's
 * convolution time goes, and which layer is behind PyTorch's.
 *
 * Each time is the best of the repeats (interference on a shared machine only adds time); the load
 * average is recorded before and after.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ConvGeometry } from '../packages/blas/index.js';
import { convStages } from '../src/worker/models/networks';
import type { BlasBinding } from '../src/worker/blas/blas-binding';
import { pytorchEnvironment } from './pytorch-env';

export interface ConvLayerShape {
  name: string;
  batch: number;
  height: number;
  width: number;
  channels: number;
  outChannels: number;
  kernel: number;
  /** 0 none, 1 space-to-depth, 2 nearest ×2 upsampling (the binding's codes). */
  resample: 0 | 1 | 2;
  relu: boolean;
  inputGradient: boolean;
}

interface LayerTimes {
  forwardMs: number;
  backwardMs: number;
  forwardGflops: number;
  backwardGflops: number;
}

export interface ConvLayerBench {
  model: string;
  threads: number;
  /** The engine our kernels ran (convEngine: avx512, avx2 or baseline). */
  engine: string;
  loadAverage: { before: number[]; after: number[] };
  layers: (ConvLayerShape & { forwardFlops: number; ours: LayerTimes; pytorch: LayerTimes | null; oursOverPytorch: { forward: number; backward: number } | null })[];
  total: { ours: { forwardMs: number; backwardMs: number }; pytorch: { forwardMs: number; backwardMs: number } | null };
  pytorchSkipped?: string;
}

/** The conv layers of a conv VAE (networks.ts's convEncoder and convDecoder, a Bernoulli decoder) at `batch`. */
export function convModelLayers(hidden: number[], image: { height: number; width: number; channels: number }, batch = 128): ConvLayerShape[] {
  const { channels } = convStages(hidden, image);
  const layers: ConvLayerShape[] = [];
  let [height, width, inputs] = [image.height, image.width, image.channels];
  channels.forEach((c, i) => {
    layers.push({ name: `encoder/conv${i}`, batch, height, width, channels: inputs, outChannels: c, kernel: 3, resample: 1, relu: true, inputGradient: i > 0 });
    [height, width, inputs] = [height / 2, width / 2, c];
  });
  const reversed = [...channels].reverse();
  reversed.forEach((c, i) => {
    const last = i === reversed.length - 1;
    const outputs = last ? image.channels : (reversed[i + 1] as number);
    layers.push({ name: `decoder/conv${i}`, batch, height, width, channels: c, outChannels: outputs, kernel: 3, resample: 2, relu: !last, inputGradient: true });
    [height, width] = [height * 2, width * 2];
  });
  return layers;
}

function geometryOf(l: ConvLayerShape): { geometry: ConvGeometry; virtualChannels: number; outH: number; outW: number } {
  const scale = l.resample === 1 ? 0.5 : l.resample === 2 ? 2 : 1;
  const [outH, outW] = [l.height * scale, l.width * scale];
  const pad = Math.floor((l.kernel - 1) / 2);
  const virtualChannels = l.resample === 1 ? 4 * l.channels : l.channels;
  return { geometry: [l.batch, l.height, l.width, l.channels, l.kernel, l.kernel, l.outChannels, pad, pad, outH, outW, l.resample], virtualChannels, outH, outW };
}

function bestMs(run: () => void, repeats: number): number {
  run();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function random(size: number, seed: number): Float32Array {
  const values = new Float32Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = state / 2147483648 - 0.5;
  }
  return values;
}

function oursTimes(blas: BlasBinding, l: ConvLayerShape, repeats: number): { forwardMs: number; backwardMs: number } {
  const { geometry, virtualChannels, outH, outW } = geometryOf(l);
  const x = random(l.batch * l.height * l.width * l.channels, 1);
  const filter = random(l.kernel * l.kernel * virtualChannels * l.outChannels, 2);
  const bias = random(l.outChannels, 3);
  const y = new Float32Array(l.batch * outH * outW * l.outChannels);
  const dy = random(y.length, 4);
  const dx = l.inputGradient ? new Float32Array(x.length) : null;
  const dFilter = new Float32Array(filter.length);
  const dBias = new Float32Array(l.outChannels);
  return {
    forwardMs: bestMs(() => blas.conv2d(x, filter, null, bias, null, geometry, l.relu, y), repeats),
    backwardMs: bestMs(() => blas.conv2dGrad(x, filter, null, l.relu ? y : null, dy, geometry, l.relu, dx, dFilter, dBias, null), repeats),
  };
}

function pytorchTimes(python: string, layers: ConvLayerShape[], threads: number, repeats: number): Promise<{ forwardMs: number; backwardMs: number }[]> {
  const script = fileURLToPath(new URL('./pytorch_conv_layers.py', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(python, [script, JSON.stringify(layers), String(threads), String(repeats)], { env: pytorchEnvironment(), timeout: 600_000, maxBuffer: 1 << 20 }, (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`));
      else resolve((JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { layers: { forwardMs: number; backwardMs: number }[] }).layers);
    });
  });
}

const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** Both sides at `threads` threads (OpenBLAS's count is what splits our batch). */
export async function runConvLayerBench(blas: BlasBinding, model: string, layers: ConvLayerShape[], threads: number, python: string | null, repeats = 20): Promise<ConvLayerBench> {
  const before = loadAverage();
  const threadsBefore = blas.describe().threads;
  blas.setThreads(threads);
  let ours: { forwardMs: number; backwardMs: number }[];
  try {
    ours = layers.map((l) => oursTimes(blas, l, repeats));
  } finally {
    blas.setThreads(threadsBefore);
  }
  let theirs: { forwardMs: number; backwardMs: number }[] | null = null;
  let pytorchSkipped: string | undefined;
  if (python === null) pytorchSkipped = 'PyTorch disabled by the caller';
  else {
    try {
      theirs = await pytorchTimes(python, layers, threads, repeats);
    } catch (error) {
      pytorchSkipped = `PyTorch run failed or torch is not installed (${(error as Error).message.split('\n')[0]})`;
    }
  }
  const sum = (times: { forwardMs: number; backwardMs: number }[]) => ({
    forwardMs: times.reduce((s, t) => s + t.forwardMs, 0),
    backwardMs: times.reduce((s, t) => s + t.backwardMs, 0),
  });
  return {
    model,
    threads,
    engine: blas.convEngine(null),
    loadAverage: { before, after: loadAverage() },
    layers: layers.map((l, i) => {
      const { virtualChannels, outH, outW } = geometryOf(l);
      const forwardFlops = 2 * l.batch * outH * outW * l.kernel * l.kernel * virtualChannels * l.outChannels;
      // The backward pass is the filter gradient plus, where asked, the input gradient: one forward's work each.
      const backwardFlops = forwardFlops * (l.inputGradient ? 2 : 1);
      const times = (t: { forwardMs: number; backwardMs: number }): LayerTimes => ({
        ...t,
        forwardGflops: forwardFlops / t.forwardMs / 1e6,
        backwardGflops: backwardFlops / t.backwardMs / 1e6,
      });
      const mine = times(ours[i] as { forwardMs: number; backwardMs: number });
      const other = theirs === null ? null : times(theirs[i] as { forwardMs: number; backwardMs: number });
      return {
        ...l,
        forwardFlops,
        ours: mine,
        pytorch: other,
        // Time ÷ time: below 1 where ours is faster.
        oursOverPytorch: other === null ? null : { forward: mine.forwardMs / other.forwardMs, backward: mine.backwardMs / other.backwardMs },
      };
    }),
    total: { ours: sum(ours), pytorch: theirs === null ? null : sum(theirs) },
    ...(pytorchSkipped === undefined ? {} : { pytorchSkipped }),
  };
}
