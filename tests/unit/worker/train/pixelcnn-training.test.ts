/**
 * The PixelCNN decoder in a real run: config fields and their refusals, the preset, training in one
 * teacher-forced pass per batch, evaluation, and snapshots decoded pixel by pixel.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS, validateRunConfig } from '../../../../src/shared/config';
import { createModel } from '../../../../src/worker/models/model';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { createLatentDecoder } from '../../../../src/worker/train/latent-decoder';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('PixelCNN decoder config', () => {
  it('the pixelcnn-vae preset asks for a 5 × 16 PixelCNN decoder, z as one vector per layer, on dynamically binarized MNIST at β = 1 with no remedy', () => {
    const { config } = PRESETS['pixelcnn-vae'];
    expect(config.model.decoder).toBe('pixelcnn');
    expect(config.model.pixelcnn).toEqual({ layers: 5, channels: 16, conditioning: 'global', hiddenKernel: 3, residual: false, decoding: 'sample' });
    expect(config.data.binarization).toBe('dynamic');
    expect(config.objective).toMatchObject({ kind: 'elbo', beta: 1, freeBits: 0, klSchedule: { kind: 'constant' } });
    // Adam 1e-2: measured, the rate at which the decoder outruns the encoder and the code collapses (1e-3 kept ~1 nat).
    expect(config.optim).toMatchObject({ lr: 1e-2, batchSize: 32 });
  });

  it('refuses a Gaussian likelihood, a VQ-VAE and bad sizes, one message per field', () => {
    const result = validateRunConfig({
      model: { decoder: 'pixelcnn', likelihood: 'gaussian', kind: 'vq-vae', pixelcnn: { layers: 0, channels: 1.5, decoding: 'mean' } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
    expect(byPath['model.pixelcnn.layers']).toMatch(/at least 1/);
    expect(byPath['model.pixelcnn.channels']).toMatch(/whole number/);
    expect(byPath['model.pixelcnn.decoding']).toMatch(/"sample" or "most-likely"/);
    expect(validateRunConfig({ model: { decoder: 'pixelcnn', pixelcnn: { conditioning: 'everywhere' } } })).toMatchObject({
      ok: false,
      issues: [{ path: 'model.pixelcnn.conditioning', message: 'pixelcnn.conditioning must be "spatial" or "global"' }],
    });
    const again = validateRunConfig({ model: { decoder: 'pixelcnn', likelihood: 'gaussian', kind: 'vq-vae' } });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.issues.map((i) => i.path).sort()).toEqual(['model.decoder', 'model.likelihood']);
  });

  it('the factorized decoder stays the default and a model without x refuses to decode autoregressively', () => {
    expect(PRESETS['mnist-vae'].config.model.decoder).toBe('factorized');
    const config = smallConfig({ model: { decoder: 'pixelcnn', pixelcnn: { layers: 2, channels: 4 } } });
    const model = createModel(config.model, { height: 28, width: 28, channels: 1 }, 1, true);
    expect(model.autoregressive).not.toBeNull();
    expect(() => model.decode(tf.zeros([1, 4]))).toThrow(/teacher forcing/);
    model.dispose();
  });
});

describe('PixelCNN decoder training', () => {
  it('trains, evaluates, and decodes its snapshots and slider requests pixel by pixel', async () => {
    const data = await mnistSubset(320, 40);
    const recorder = recordingSink();
    const config = smallConfig({
      backend: 'wasm',
      data: { binarization: 'dynamic', validationFraction: 0 },
      model: { decoder: 'pixelcnn', pixelcnn: { layers: 2, channels: 8 }, latentDim: 2 },
      optim: { epochs: 1, batchSize: 32, lr: 3e-3 },
      eval: { iwaeK: 3, iwaePoints: 10, latentPoints: 40, maxHeldOut: 40 },
      reportEverySteps: 2,
    });
    let decoded: Promise<{ width: number; height: number; pixels: Uint8Array }> | null = null;
    const outcome = await runTraining(config, recorder.sink, RUN_TO_END, {
      dataset: data,
      onDecoderReady: (decoder) => {
        decoded ??= decoder.decode([[0, 0], [1, -1]]);
      },
    });
    expect(outcome.status).toBe('finished');
    const losses = recorder.losses();
    expect(losses.every(Number.isFinite)).toBe(true);
    // From ln 2 per pixel (≈ 543 nats) towards the digits' entropy: ten steps are enough to see it move.
    expect(losses.slice(-3).reduce((a, b) => a + b) / 3).toBeLessThan((losses[0] ?? 0) - 40);
    const evaluation = recorder.of('evaluation').at(-1)?.evaluation;
    expect(evaluation?.mutualInformation).not.toBeNull();
    expect(Number.isFinite(evaluation?.elbo)).toBe(true);
    const snapshot = recorder.of('snapshot').at(-1)?.snapshot;
    expect(snapshot?.priorSamples.rows).toBe(8);
    // Decoded pixel by pixel from binary draws: every pixel is black or white.
    expect(snapshot?.priorSamples.pixels.every((v) => v === 0 || v === 255)).toBe(true);
    expect(snapshot?.traversals?.dims).toEqual([0, 1]);
    const grid = await (decoded as unknown as Promise<{ width: number; height: number; pixels: Uint8Array }>);
    expect(grid.width).toBe(56);
    expect(grid.pixels.every((v) => v === 0 || v === 255)).toBe(true);
  }, 300_000);

  it('slider decodes from one model run side by side, report progress, and stop when their caller cancels', async () => {
    const config = smallConfig({ model: { decoder: 'pixelcnn', pixelcnn: { layers: 2, channels: 4 }, latentDim: 2 } });
    const model = createModel(config.model, { height: 28, width: 28, channels: 1 }, 1, true);
    const decoder = createLatentDecoder(model);
    const controller = new AbortController();
    const progress: number[] = [];
    const cancelled = decoder.decode([[0, 0]], { signal: controller.signal, onProgress: () => controller.abort() });
    const other = decoder.decode([[1, 1], [0, 1]], { onProgress: (f) => progress.push(f) });
    await expect(cancelled).rejects.toThrow(/cancelled/);
    expect((await other).width).toBe(56);
    expect(progress).toHaveLength(28);
    model.dispose();
  });
});
