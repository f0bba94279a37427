/**
 * Decoding with the PixelCNN decoder: the cone computed for one pixel equals the training pass's
 * output there, and pixel-by-pixel decoding is self-consistent (each most-likely value is what the
 * teacher-forced pass predicts from the decoded image itself), with progress and cancellation.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterSet } from '../../../../src/worker/models/parameters';
import { disposeConeWeights, pixelCnnDecoder } from '../../../../src/worker/models/pixelcnn-decoder';
import { Random } from '../../../../src/worker/random';
import { DecodeAbortedError, samplePixelByPixel } from '../../../../src/worker/train/pixel-sampler';
import { pixelChooser } from '../../../../src/worker/train/pixel-value';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  tf.disposeVariables();
});

const grey = { height: 12, width: 10, channels: 1 };
const colour = { height: 9, width: 8, channels: 3 };

const plain = { hiddenKernel: 3, residual: false };
/** Residual mask-B layers with 5×5 kernels: the cone must add each layer's input back over the smaller window. */
const residual5 = { hiddenKernel: 5, residual: true };

describe.each([
  ['grayscale, spatial z', grey, 1, 'bernoulli', 'spatial', plain],
  ['colour, spatial z', colour, 2, 'discretized-logistic', 'spatial', plain],
  ['grayscale, global z', grey, 1, 'bernoulli', 'global', plain],
  ['colour, global z', colour, 2, 'discretized-logistic', 'global', plain],
  ['grayscale, global z, residual 5×5 layers', grey, 1, 'bernoulli', 'global', residual5],
  ['colour, spatial z, residual 5×5 layers', colour, 2, 'discretized-logistic', 'spatial', residual5],
] as const)('PixelCNN decoding (%s)', (_label, image, parts, likelihood, conditioning, stack) => {
  const { height: H, width: W, channels: C } = image;
  const pixels = H * W * C;
  const latent = 3;
  const make = () => {
    const parameters = new ParameterSet(5);
    const decoder = pixelCnnDecoder(parameters, latent, image, { layers: 3, channels: 6, conditioning, ...stack }, parts);
    return { decoder, dispose: () => (decoder.dispose(), parameters.dispose()) };
  };

  it('the cone at each pixel gives the training pass’s outputs there (edges included)', async () => {
    const { decoder, dispose } = make();
    const S = decoder.reach;
    const half = (stack.hiddenKernel - 1) / 2;
    expect(S).toBe(3 + half + half);
    const x = tf.randomUniform([2, pixels], 0, 1, 'float32', 1) as tf.Tensor2D;
    const z = tf.randomNormal([2, latent], 0, 1, 'float32', 2) as tf.Tensor2D;
    const full = await Promise.all(decoder.forward(z, x).map((t) => t.data()));
    const scaled = await tf.sub(tf.mul(x, 2), 1).data();
    const weights = decoder.coneWeights(z);
    let worst = 0;
    for (const [row, col] of [[0, 0], [0, W - 1], [H - 1, 0], [H - 1, W - 1], [4, 4], [2, 7], [8, 1]] as const) {
      const window = new Float32Array(2 * (S + 1) * (2 * S + 1) * C);
      for (let b = 0; b < 2; b++) {
        for (let i = 0; i <= S; i++) {
          for (let j = 0; j <= 2 * S; j++) {
            const r = row - S + i;
            const c = col - S + j;
            if (r < 0 || c < 0 || c >= W) continue;
            for (let k = 0; k < C; k++) window[((b * (S + 1) + i) * (2 * S + 1) + j) * C + k] = scaled[b * pixels + (r * W + c) * C + k] as number;
          }
        }
      }
      const cone = await decoder.coneForward(weights, tf.tensor4d(window, [2, S + 1, 2 * S + 1, C]), row, col).data();
      for (let b = 0; b < 2; b++) {
        for (let p = 0; p < parts; p++) {
          for (let k = 0; k < C; k++) {
            const expected = (full[p] as Float32Array)[b * pixels + (row * W + col) * C + k] as number;
            worst = Math.max(worst, Math.abs((cone[b * parts * C + p * C + k] as number) - expected));
          }
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
    disposeConeWeights(weights);
    dispose();
  });

  it('most-likely decoding picks, at every pixel, the most likely value given the pixels decoded before it', async () => {
    const { decoder, dispose } = make();
    const z = tf.randomNormal([3, latent], 0, 1, 'float32', 4) as tf.Tensor2D;
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const images = await samplePixelByPixel(decoder, likelihood, z, { decoding: 'most-likely', seed: 1, onProgress: (f) => progress.push(f) });
    expect(tf.memory().numTensors).toBe(before);
    expect(images).toHaveLength(3 * pixels);
    expect(progress).toHaveLength(H);
    expect(progress.at(-1)).toBe(1);
    // Teacher forcing on the decoded images gives each pixel's distribution given its past.
    const outputs = await Promise.all(decoder.forward(z, tf.tensor2d(images, [3, pixels])).map((t) => t.data()));
    const choose = pixelChooser(likelihood, 'most-likely', new Random(0));
    for (let i = 0; i < 3 * pixels; i++) {
      const expected = choose((outputs[0] as Float32Array)[i] as number, parts > 1 ? ((outputs[1] as Float32Array)[i] as number) : Number.NaN);
      expect(images[i]).toBe(expected);
    }
    dispose();
  });

  it('sampling draws differ between seeds, repeat for one seed, and stay on the likelihood’s levels', async () => {
    const { decoder, dispose } = make();
    const z = tf.randomNormal([2, latent], 0, 1, 'float32', 6) as tf.Tensor2D;
    const a = await samplePixelByPixel(decoder, likelihood, z, { decoding: 'sample', seed: 1 });
    const b = await samplePixelByPixel(decoder, likelihood, z, { decoding: 'sample', seed: 1 });
    const c = await samplePixelByPixel(decoder, likelihood, z, { decoding: 'sample', seed: 2 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const levels = likelihood === 'bernoulli' ? 1 : 255;
    expect(Array.from(a).every((v) => Math.abs(v * levels - Math.round(v * levels)) < 1e-4 && v >= 0 && v <= 1)).toBe(true);
    dispose();
  });

  it('an aborted decode stops with a DecodeAbortedError and leaks no tensors', async () => {
    const { decoder, dispose } = make();
    const z = tf.randomNormal([1, latent], 0, 1, 'float32', 7) as tf.Tensor2D;
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const decoding = samplePixelByPixel(decoder, likelihood, z, { decoding: 'sample', seed: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(decoding).rejects.toBeInstanceOf(DecodeAbortedError);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });
});
