/**
 * Decoding latents with an autoregressive decoder: pixel by pixel in raster order and, within a
 * pixel, colour by colour, each value drawn (or taken at its most likely value) from the decoder's
 * outputs given z and the values chosen before it. Every step computes only the cone of positions
 * that reach the pixel (PixelCnnDecoder.coneForward), for all images at once.
 *
 * A step reads one small tensor back; the loop yields to the event loop after every image row, so
 * the worker keeps answering messages (a newer slider position, stop) while a decode runs, and a
 * caller can abort a decode that is no longer wanted.
 */
import * as tf from '@tensorflow/tfjs';
import type { Likelihood } from '../../shared/config';
import { disposeConeWeights, type PixelCnnDecoder } from '../models/pixelcnn-decoder';
import { Random } from '../random';
import { pixelChooser, type PixelDecoding } from './pixel-value';

export interface PixelSamplingOptions {
  decoding: PixelDecoding;
  /** Seed of the draws: the same seed gives image b the same noise at every pixel for any z, so images change smoothly with z. */
  seed: number;
  /** Fraction of pixels done, after each image row. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export class DecodeAbortedError extends Error {
  constructor() {
    super('the decode was cancelled (a newer request replaced it)');
    this.name = 'DecodeAbortedError';
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Images [count, H·W·C] in [0, 1] (HWC order) for latents z [count, latentDim]. */
export async function samplePixelByPixel(decoder: PixelCnnDecoder, likelihood: Likelihood, z: tf.Tensor2D, options: PixelSamplingOptions): Promise<Float32Array> {
  const { height: H, width: W, channels: C } = decoder.image;
  const S = decoder.reach;
  const count = z.shape[0];
  const choose = pixelChooser(likelihood, options.decoding, new Random(options.seed));
  const parts = decoder.outputsPerPixel;
  // The scaled image (2x − 1) with S zero columns on each side and S zero rows on top, as the cone reads it.
  const paddedWidth = W + 2 * S;
  const canvas = new Float32Array(count * (H + S) * paddedWidth * C);
  const images = new Float32Array(count * H * W * C);
  const windowRows = S + 1;
  const windowCols = 2 * S + 1;
  const window = new Float32Array(count * windowRows * windowCols * C);
  const weights = decoder.coneWeights(z);
  try {
    for (let row = 0; row < H; row++) {
      for (let col = 0; col < W; col++) {
        for (let colour = 0; colour < C; colour++) {
          if (options.signal?.aborted) throw new DecodeAbortedError();
          copyWindow(canvas, window, count, row, col, { H, S, paddedWidth, C, windowRows, windowCols });
          const outputs = tf.tidy(() => decoder.coneForward(weights, tf.tensor4d(window, [count, windowRows, windowCols, C]), row, col));
          const values = (await outputs.data()) as Float32Array;
          outputs.dispose();
          for (let b = 0; b < count; b++) {
            const first = values[b * parts * C + colour] as number;
            const second = parts > 1 ? (values[b * parts * C + C + colour] as number) : Number.NaN;
            const value = choose(first, second);
            images[((b * H + row) * W + col) * C + colour] = value;
            canvas[((b * (H + S) + row + S) * paddedWidth + col + S) * C + colour] = 2 * value - 1;
          }
        }
      }
      options.onProgress?.((row + 1) / H);
      await nextTurn();
    }
  } finally {
    disposeConeWeights(weights);
  }
  return images;
}

interface CanvasLayout {
  H: number;
  S: number;
  paddedWidth: number;
  C: number;
  windowRows: number;
  windowCols: number;
}

/** The canvas's rows row − S … row and columns col − S … col + S (padded rows row … row + S) into `window`. */
function copyWindow(canvas: Float32Array, window: Float32Array, count: number, row: number, col: number, layout: CanvasLayout): void {
  const { H, S, paddedWidth, C, windowRows, windowCols } = layout;
  const span = windowCols * C;
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < windowRows; i++) {
      const from = ((b * (H + S) + row + i) * paddedWidth + col) * C;
      window.set(canvas.subarray(from, from + span), (b * windowRows + i) * span);
    }
  }
}
