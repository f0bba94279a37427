/**
 * decode(zs) for interpolation sliders: latent vectors in, decoder-mean images out, from the live
 * model of a running training or from a loaded checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageGrid } from '../../shared/training-report';
import type { Model } from '../models/model';
import type { ImageShape } from '../models/networks';
import { tileImages } from './image-grid';

export interface LatentDecoder {
  /** Values per latent vector (latentDim; latentDim · embeddingDim for a VQ-VAE's code vectors). */
  readonly latentDim: number;
  readonly image: ImageShape;
  /** zs: row-major count × latentDim. Returns the images side by side in one row. */
  decode(zs: Float32Array | number[][]): Promise<ImageGrid>;
}

/** Decoder means [count, pixels] in [0, 1] for latents [count, dim]; the caller disposes. */
export function decodeMeans(model: Model, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => model.head.mean(model.decode(z)));
}

export function createLatentDecoder(model: Model): LatentDecoder {
  const latentDim = model.decoderInputDim;
  return {
    latentDim,
    image: model.image,
    decode: async (zs) => {
      const flat = zs instanceof Float32Array ? zs : Float32Array.from(zs.flat());
      if (flat.length === 0 || flat.length % latentDim !== 0) {
        throw new RangeError(`decode: expected rows of ${latentDim} latent values, got ${flat.length} values`);
      }
      if (!flat.every(Number.isFinite)) throw new RangeError('decode: latent values must be finite numbers');
      const count = flat.length / latentDim;
      const means = tf.tidy(() => decodeMeans(model, tf.tensor2d(flat, [count, latentDim])));
      const values = (await means.data()) as Float32Array;
      means.dispose();
      return tileImages(values, count, model.image, count);
    },
  };
}
