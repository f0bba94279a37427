/**
 * decode(zs) for interpolation sliders: latent vectors in, images out, from the live model of a
 * running training or from a loaded checkpoint. A factorized decoder gives its mean image in one
 * pass; an autoregressive one decodes pixel by pixel (pixel-sampler.ts), with progress, yielding
 * between image rows so the worker keeps answering while it runs. Requests are not cancelled by
 * newer ones here: several controls may decode from one worker at once (the renderer keeps at most
 * one request per control in flight and drops stale answers itself); a caller cancels with a signal.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageGrid } from '../../shared/training-report';
import type { Model } from '../models/model';
import type { ImageShape } from '../models/networks';
import { tileImages } from './image-grid';
import { samplePixelByPixel } from './pixel-sampler';

/** Seed of a slider's pixel draws: fixed, so an image changes with z, not with fresh noise per request. */
const SLIDER_SEED = 0x5eed;

export interface DecodeProgressOptions {
  /** Fraction done in [0, 1]; only autoregressive decoders report (their decodes take long). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface LatentDecoder {
  /** Values per latent vector (latentDim; latentDim · embeddingDim for a VQ-VAE's code vectors). */
  readonly latentDim: number;
  readonly image: ImageShape;
  /** zs: row-major count × latentDim. Returns the images side by side in one row. */
  decode(zs: Float32Array | number[][], options?: DecodeProgressOptions): Promise<ImageGrid>;
}

/** Decoder means [count, pixels] in [0, 1] for latents [count, dim]; the caller disposes. Factorized decoders only. */
export function decodeMeans(model: Model, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => model.head.mean(model.decode(z)));
}

/**
 * Images [count, pixels] in [0, 1] for latents [count, dim]: the decoder's mean, or for an
 * autoregressive decoder pixel by pixel as its config's `pixelcnn.decoding` says, with draws from `seed`.
 */
export async function decodeImages(model: Model, z: tf.Tensor2D, seed: number, options: DecodeProgressOptions = {}): Promise<Float32Array> {
  if (model.autoregressive !== null) {
    return samplePixelByPixel(model.autoregressive, model.config.likelihood, z, { decoding: model.config.pixelcnn.decoding, seed, ...options });
  }
  const means = decodeMeans(model, z);
  try {
    return (await means.data()) as Float32Array;
  } finally {
    means.dispose();
  }
}

export function createLatentDecoder(model: Model): LatentDecoder {
  const latentDim = model.decoderInputDim;
  return {
    latentDim,
    image: model.image,
    decode: async (zs, options = {}) => {
      const flat = zs instanceof Float32Array ? zs : Float32Array.from(zs.flat());
      if (flat.length === 0 || flat.length % latentDim !== 0) {
        throw new RangeError(`decode: expected rows of ${latentDim} latent values, got ${flat.length} values`);
      }
      if (!flat.every(Number.isFinite)) throw new RangeError('decode: latent values must be finite numbers');
      const count = flat.length / latentDim;
      const z = tf.tensor2d(flat, [count, latentDim]);
      try {
        return tileImages(await decodeImages(model, z, SLIDER_SEED, options), count, model.image, count);
      } finally {
        z.dispose();
      }
    },
  };
}
