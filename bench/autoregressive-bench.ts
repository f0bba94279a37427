/**
 * The autoregressive (PixelCNN) decoder against the MLP, in the same run on the same backend:
 * training samples/s of the pixelcnn-vae and mnist-vae presets (batch 128 on MNIST digits, the
 * optimizer step included), and the time to decode a 64-image grid of prior samples — one pass for
 * the MLP's mean images, 784 pixel-by-pixel steps for the PixelCNN (each decoding only the cone of
 * pixels that reaches the next one).
 */
import * as tf from '@tensorflow/tfjs';
import { PRESETS, type PresetName, type RunConfig } from '../src/shared/config';
import { selectBackend } from '../src/worker/backend/select-backend';
import { loadDataset } from '../src/worker/data/load-dataset';
import { createModel } from '../src/worker/models/model';
import { decodeImages } from '../src/worker/train/latent-decoder';
import { createOptimizer } from '../src/worker/train/optimizer';
import { createTrainStep } from '../src/worker/train/train-step';

export interface DecoderBench {
  preset: PresetName;
  decoder: RunConfig['model']['decoder'];
  /** For the PixelCNN: layers × channels, and how a pixel is chosen when decoding. */
  pixelcnn: { layers: number; channels: number; decoding: string } | null;
  parameters: number;
  /** Training steps (forward, backward, Adam) per second × batch size, after a warm-up. */
  trainingSamplesPerSec: number;
  stepsTimed: number;
  /** Decoding 64 prior draws into the grid's images, best of the repeats, ms. */
  sampleGrid64Ms: number;
  sampleGridRepeats: number;
}

export interface AutoregressiveBenchResult {
  backend: string;
  device: string;
  batchSize: number;
  runs: DecoderBench[];
  /** MLP training samples/s ÷ PixelCNN's, and PixelCNN grid time ÷ MLP's, from this run. */
  pixelcnnTrainingSlowdown: number;
  pixelcnnSamplingSlowdown: number;
}

const BATCH = 128;

async function benchPreset(preset: PresetName, images: Float32Array, steps: number, gridRepeats: number): Promise<DecoderBench> {
  const config = PRESETS[preset].config;
  const image = { height: 28, width: 28, channels: 1 };
  const model = createModel(config.model, image, 1, true);
  const optimizer = createOptimizer(config.optim);
  const step = createTrainStep(model, config, optimizer);
  const pixels = 784;
  const batches = Math.floor(images.length / pixels / BATCH);
  const x = (i: number) => tf.tensor2d(images.subarray((i % batches) * BATCH * pixels, ((i % batches) + 1) * BATCH * pixels), [BATCH, pixels]);
  const run = async (i: number) => {
    const input = x(i);
    const metrics = step(input, 1, i);
    await metrics.data();
    tf.dispose([input, metrics]);
  };
  await run(0); // warm-up: kernels compiled, buffers allocated
  const started = performance.now();
  for (let i = 1; i <= steps; i++) await run(i);
  const trainingSamplesPerSec = (steps * BATCH) / ((performance.now() - started) / 1000);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < gridRepeats; r++) {
    const z = tf.randomNormal([64, config.model.latentDim], 0, 1, 'float32', r + 1) as tf.Tensor2D;
    const t0 = performance.now();
    await decodeImages(model, z, r + 1);
    best = Math.min(best, performance.now() - t0);
    z.dispose();
  }
  const result: DecoderBench = {
    preset,
    decoder: config.model.decoder,
    pixelcnn: config.model.decoder === 'pixelcnn' ? { ...config.model.pixelcnn } : null,
    parameters: model.parameters.count(),
    trainingSamplesPerSec,
    stepsTimed: steps,
    sampleGrid64Ms: best,
    sampleGridRepeats: gridRepeats,
  };
  optimizer.dispose();
  model.dispose();
  return result;
}

export async function runAutoregressiveBench(options: { mlpSteps?: number; pixelcnnSteps?: number } = {}): Promise<AutoregressiveBenchResult> {
  const info = await selectBackend('auto');
  const data = await loadDataset({ source: 'embedded-mnist' });
  const mlp = await benchPreset('mnist-vae', data.trainImages, options.mlpSteps ?? 60, 5);
  const pixelcnn = await benchPreset('pixelcnn-vae', data.trainImages, options.pixelcnnSteps ?? 8, 1);
  return {
    backend: info.name,
    device: info.device,
    batchSize: BATCH,
    runs: [mlp, pixelcnn],
    pixelcnnTrainingSlowdown: mlp.trainingSamplesPerSec / pixelcnn.trainingSamplesPerSec,
    pixelcnnSamplingSlowdown: pixelcnn.sampleGrid64Ms / mlp.sampleGrid64Ms,
  };
}
