/**
 * The model a run trains: a Gaussian-latent VAE or a VQ-VAE, MLP or convolutional, with the
 * decoder's likelihood head. Weights are explicit variables (see parameters.ts), initialised from
 * the run's seed, so the gradient path and the checkpoint format are ours, not tf.layers'.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../shared/config';
import type { LogVarBand } from '../blas/fused-ops';
import { logVarBand, splitGaussianParams } from '../objectives/gaussian-latent';
import { createLikelihoodHead, type LikelihoodHead } from './likelihood-head';
import { convDecoder, convEncoder, mlpDecoder, mlpEncoder, type DecoderForward, type Forward, type ImageShape } from './networks';
import { ParameterSet } from './parameters';
import { pixelCnnDecoder, type PixelCnnDecoder } from './pixelcnn-decoder';
import { VectorQuantizer } from './vector-quantizer';

interface ModelBase {
  config: ModelConfig;
  image: ImageShape;
  /** Values per image (height · width · channels). */
  pixels: number;
  parameters: ParameterSet;
  head: LikelihoodHead;
  /** Width of the decoder's input: latentDim, or latentDim · embeddingDim for a VQ-VAE. */
  decoderInputDim: number;
  /**
   * Decoder outputs (one flat [batch, pixels] tensor per likelihood output) for codes/latents
   * [batch, decoderInputDim]; an autoregressive decoder also needs the images x it scores.
   */
  decode: DecoderForward;
  /** The PixelCNN decoder when the config asks for one: its images are decoded pixel by pixel. */
  autoregressive: PixelCnnDecoder | null;
  dispose(): void;
}

export interface VaeModel extends ModelBase {
  kind: 'vae';
  latentDim: number;
  /** q(z | x) = N(μ, diag exp(logVar)); logVar clamped when the config asks for it. */
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D };
  /** The encoder's raw output [batch, 2·latentDim]: μ, then log σ² before the clamp (see gaussianLatent). */
  encodeParams(x: tf.Tensor2D): tf.Tensor2D;
  /** The band log σ² is clamped to, or null when the config turns the clamp off. */
  logVarBand: LogVarBand | null;
}

export interface VqVaeModel extends ModelBase {
  kind: 'vq-vae';
  quantizer: VectorQuantizer;
  /** Continuous encoder outputs z_e, [batch, slots · dim]. */
  encode(x: tf.Tensor2D): tf.Tensor2D;
}

export type Model = VaeModel | VqVaeModel;

export function createModel(config: ModelConfig, image: ImageShape, seed: number, logVarClamp: boolean): Model {
  const parameters = new ParameterSet(seed);
  const pixels = image.height * image.width * image.channels;
  const isVq = config.kind === 'vq-vae';
  const encoderOutputs = isVq ? config.latentDim * config.vq.embeddingDim : 2 * config.latentDim;
  const decoderInputDim = isVq ? config.latentDim * config.vq.embeddingDim : config.latentDim;
  try {
    const encoder: Forward =
      config.architecture === 'mlp'
        ? mlpEncoder(parameters, pixels, config.hidden, encoderOutputs)
        : convEncoder(parameters, image, config.hidden, encoderOutputs);
    // The head is created before the decoder so a learned σ is named and ordered the same always.
    const head = createLikelihoodHead(config, parameters);
    const autoregressive = config.decoder === 'pixelcnn' ? pixelCnnDecoder(parameters, decoderInputDim, image, config.pixelcnn, head.outputsPerPixel) : null;
    const decode: DecoderForward =
      autoregressive !== null
        ? (z, x) => {
            if (x === undefined) throw new Error('the PixelCNN decoder scores images given z (teacher forcing); decode a z pixel by pixel with the pixel sampler');
            return autoregressive.forward(z, x);
          }
        : config.architecture === 'mlp'
          ? mlpDecoder(parameters, decoderInputDim, config.hidden, pixels, head.outputsPerPixel)
          : convDecoder(parameters, decoderInputDim, image, config.hidden, head.outputsPerPixel);
    const dispose = () => {
      autoregressive?.dispose();
      parameters.dispose();
    };
    const base = { config, image, pixels, parameters, head, decoderInputDim, decode, autoregressive, dispose };
    if (isVq) {
      const quantizer = new VectorQuantizer(parameters, config.latentDim, config.vq.embeddingDim, config.vq.codebookSize);
      return { ...base, kind: 'vq-vae', quantizer, encode: encoder };
    }
    const band = logVarBand(logVarClamp);
    return {
      ...base,
      kind: 'vae',
      latentDim: config.latentDim,
      encode: (x) => splitGaussianParams(encoder(x), band),
      encodeParams: encoder,
      logVarBand: band,
    };
  } catch (error) {
    parameters.dispose();
    throw error;
  }
}
