/**
 * The autoregressive decoder p(x | z) = Π_i p(x_i | x_<i, z): a PixelCNN-style stack of masked
 * convolutions (van den Oord et al. 2016), conditioned on z in one of two ways:
 * - 'spatial', the way Gulrajani et al.'s PixelVAE does: a feature map computed from z, one
 *   vector per position, the same map added to every layer: m_l = dense(z) → [H, W, F];
 * - 'global', the way van den Oord et al.'s Conditional PixelCNN (and Chen et al.'s VLAE) do: one
 *   vector per layer, the same at every position: m_l = dense_l(z) → [F]. z can then only say
 *   what to draw, not where each stroke lies; the stack must find the strokes from the pixels.
 *
 *   h₁ = relu(conv_A,7×7(2x − 1) + m₁)                  (mask A: never the pixel's own value)
 *   h_l = relu(conv_B,k×k(h_{l−1}) + m_l), l = 2 … L      (mask B: its own position, one layer down)
 *   outputs = conv_B,1×1(h_L), P parts of C channels     (P = numbers per pixel value)
 *
 * k is `hiddenKernel` (3 by default). With `residual`, every mask-B layer adds its input back,
 * h_l = h_{l−1} + relu(conv_B(h_{l−1}) + m_l) (He et al.; the identity is a mask-B path, from a
 * position to itself one layer down, colour group to the same group), so a deep stack trains and
 * its reach up the image, 3 + (L − 1)·⌊k/2⌋ rows, covers a digit.
 *
 * Training scores every pixel in one parallel pass with the true image as input (teacher
 * forcing): `forward(z, x)`. Decoding a z goes pixel by pixel (see ../train/pixel-sampler.ts), and
 * for that `coneForward` computes one position's outputs from only the window of pixels that can
 * reach it: output (r, c) depends on input rows r − S … r and columns c − S … c + S, S the sum of
 * the layers' half-widths, and layer j only on the part of that cone that shrinks towards (r, c).
 * 'valid' convolutions on the cone, with every position outside the image set to zero after each
 * layer (what the training pass's 'same' padding feeds the next layer), give exactly the training
 * pass's numbers there at a fraction of the work (a unit test checks they agree).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from './networks';
import { convLayer } from './conv';
import { dense } from './dense';
import { torchDefaultBound, type ParameterSet } from './parameters';
import { causalMaskValues, type MaskType } from './pixelcnn-mask';

export const FIRST_KERNEL = 7;
/** The mask-B layers' kernel when the config names none. */
export const HIDDEN_KERNEL = 3;

export type PixelCnnConditioning = 'spatial' | 'global';

export interface PixelCnnShape {
  layers: number;
  channels: number;
  conditioning: PixelCnnConditioning;
  /** Mask-B layers' kernel, odd (default HIDDEN_KERNEL). */
  hiddenKernel?: number;
  /** Residual connections around the mask-B layers (default false). */
  residual?: boolean;
}

interface MaskedLayer {
  kernel: number;
  /** Half-width ⌊kernel / 2⌋: how far the layer reaches up, left and right. */
  half: number;
  filter: tf.Variable;
  bias: tf.Variable;
  /** [k, k, in, out], multiplied into the filter. */
  mask: tf.Tensor4D;
}

/** Weights of one decode, fixed at its start (a live run may step its optimizer meanwhile). */
export interface ConeWeights {
  layers: { topFilter: tf.Tensor4D; bias: tf.Tensor1D }[];
  output: { filter: tf.Tensor4D; bias: tf.Tensor1D };
  /**
   * 'spatial': z's feature map on the host, zero-padded by S rows on top and S columns on each
   * side, [B, H + S, W + 2S, F] row-major: each step copies its windows out of it (tf.slice of a
   * strided window took ~80 ms per call on the wasm backend, five calls a step). Null for 'global'.
   */
  zMap: Float32Array | null;
  /** 'global': each layer's z vector, [B, 1, 1, F], broadcast over the window. Empty for 'spatial'. */
  zVectors: tf.Tensor4D[];
  batch: number;
}

export interface PixelCnnDecoder {
  readonly image: ImageShape;
  readonly outputsPerPixel: number;
  /** S: the cone's reach up, left and right of the pixel it predicts. */
  readonly reach: number;
  /** Teacher-forced outputs for every pixel: one flat [batch, pixels] tensor per likelihood output. */
  forward(z: tf.Tensor2D, x: tf.Tensor2D, options?: { inputGradient?: boolean }): tf.Tensor2D[];
  /** The caller disposes them with disposeConeWeights. */
  coneWeights(z: tf.Tensor2D): ConeWeights;
  /**
   * Outputs at pixel (row, col) for every colour channel, [batch, P · C] (part p's channel c at
   * p · C + c), from `window`: the scaled image (2x − 1, zero outside the image) at rows
   * row − S … row and columns col − S … col + S, [batch, S + 1, 2S + 1, C].
   */
  coneForward(weights: ConeWeights, window: tf.Tensor4D, row: number, col: number): tf.Tensor2D;
  dispose(): void;
}

function maskedLayer(parameters: ParameterSet, name: string, kernel: number, inputs: number, outputs: number, colours: number, type: MaskType): MaskedLayer {
  const fanIn = kernel * kernel * inputs;
  const half = (kernel - 1) / 2;
  return {
    kernel,
    half,
    filter: parameters.uniform(`${name}/filter`, [kernel, kernel, inputs, outputs], torchDefaultBound(fanIn)),
    bias: parameters.uniform(`${name}/bias`, [outputs], torchDefaultBound(fanIn)),
    mask: tf.tensor4d(causalMaskValues(kernel, inputs, outputs, colours, type), [kernel, kernel, inputs, outputs]),
  };
}

export function disposeConeWeights(weights: ConeWeights): void {
  tf.dispose([...weights.layers.flatMap((l) => [l.topFilter, l.bias]), weights.output.filter, weights.output.bias, ...weights.zVectors]);
}

/** Rows row − d … row and columns col − d … col + d of the padded z map, [B, d + 1, 2d + 1, F]. */
function zWindow(weights: ConeWeights, zMap: Float32Array, image: ImageShape, reach: number, features: number, row: number, col: number, d: number): tf.Tensor4D {
  const { batch } = weights;
  const paddedRows = image.height + reach;
  const paddedWidth = image.width + 2 * reach;
  const span = (2 * d + 1) * features;
  const out = new Float32Array(batch * (d + 1) * span);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i <= d; i++) {
      const from = ((b * paddedRows + row - d + reach + i) * paddedWidth + col - d + reach) * features;
      out.set(zMap.subarray(from, from + span), (b * (d + 1) + i) * span);
    }
  }
  return tf.tensor4d(out, [batch, d + 1, 2 * d + 1, features]);
}

/** 1 inside the image, 0 outside, for the window of rows row − d … row and columns col − d … col + d. */
function insideImage(image: ImageShape, row: number, col: number, d: number): tf.Tensor4D {
  const values = new Float32Array((d + 1) * (2 * d + 1));
  for (let i = 0; i <= d; i++) {
    if (row - d + i < 0) continue;
    for (let j = 0; j <= 2 * d; j++) {
      const c = col - d + j;
      if (c >= 0 && c < image.width) values[i * (2 * d + 1) + j] = 1;
    }
  }
  return tf.tensor4d(values, [1, d + 1, 2 * d + 1, 1]);
}

export function pixelCnnDecoder(parameters: ParameterSet, latent: number, image: ImageShape, shape: PixelCnnShape, outputsPerPixel: number): PixelCnnDecoder {
  const { height: H, width: W, channels: C } = image;
  const F = shape.channels;
  const spatial = shape.conditioning === 'spatial';
  const zMap = spatial
    ? {
        kernel: parameters.uniform('decoder/zmap/kernel', [latent, H * W * F], torchDefaultBound(latent)),
        bias: parameters.uniform('decoder/zmap/bias', [H * W * F], torchDefaultBound(latent)),
      }
    : null;
  const zVectors = spatial
    ? []
    : Array.from({ length: shape.layers }, (_, i) => ({
        kernel: parameters.uniform(`decoder/zvector${i}/kernel`, [latent, F], torchDefaultBound(latent)),
        bias: parameters.uniform(`decoder/zvector${i}/bias`, [F], torchDefaultBound(latent)),
      }));
  const hiddenKernel = shape.hiddenKernel ?? HIDDEN_KERNEL;
  const residual = shape.residual ?? false;
  const layers = Array.from({ length: shape.layers }, (_, i) =>
    i === 0 ? maskedLayer(parameters, 'decoder/masked0', FIRST_KERNEL, C, F, C, 'A') : maskedLayer(parameters, `decoder/masked${i}`, hiddenKernel, F, F, C, 'B'),
  );
  const output = maskedLayer(parameters, 'decoder/output', 1, F, C * outputsPerPixel, C, 'B');
  const reach = layers.reduce((sum, layer) => sum + layer.half, 0);
  const pixels = H * W * C;

  const zFeatureMap = (z: tf.Tensor2D, map: NonNullable<typeof zMap>) =>
    tf.reshape(dense(z, map.kernel as tf.Tensor2D, map.bias as tf.Tensor1D, 'linear'), [-1, H, W, F]) as tf.Tensor4D;
  /** Layer i's z vectors as [B, 1, 1, F], to broadcast over every position. */
  const zVector = (z: tf.Tensor2D, i: number) => {
    const vector = zVectors[i] as (typeof zVectors)[number];
    return tf.reshape(dense(z, vector.kernel as tf.Tensor2D, vector.bias as tf.Tensor1D, 'linear'), [-1, 1, 1, F]) as tf.Tensor4D;
  };

  const splitOutputs = (out: tf.Tensor4D): tf.Tensor2D[] => {
    const parts = outputsPerPixel === 1 ? [out] : tf.split(out, outputsPerPixel, 3);
    return parts.map((part) => tf.reshape(part, [-1, pixels]) as tf.Tensor2D);
  };

  return {
    image,
    outputsPerPixel,
    reach,
    forward(z, x, options = {}) {
      const m = zMap ? zFeatureMap(z, zMap) : null;
      let h = tf.sub(tf.mul(tf.reshape(x, [-1, H, W, C]), 2), 1) as tf.Tensor4D;
      layers.forEach((layer, i) => {
        const inputNeedsGradient = i > 0 || options.inputGradient === true;
        // z's map or vector is the layer's addend: on 'cpu-blas' the sum, the relu and their
        // gradients stay inside the conv kernels (as separate ops they took longer than the convolutions).
        const out = convLayer(h, layer.filter as tf.Tensor4D, layer.bias as tf.Tensor1D, 'relu', { mask: layer.mask, inputNeedsGradient, addend: m ?? zVector(z, i) });
        h = residual && i > 0 ? (tf.add(h, out) as tf.Tensor4D) : out;
      });
      return splitOutputs(convLayer(h, output.filter as tf.Tensor4D, output.bias as tf.Tensor1D, 'linear', { mask: output.mask }));
    },
    coneWeights(z) {
      let zMapValues: Float32Array | null = null;
      if (zMap) {
        // Read once per decode (not per step): the host copies each step's windows out of it.
        const paddedZMap = tf.tidy(() => tf.pad(zFeatureMap(z, zMap), [[0, 0], [reach, 0], [reach, reach], [0, 0]]));
        zMapValues = paddedZMap.dataSync() as Float32Array;
        paddedZMap.dispose();
      }
      const tensors = tf.tidy(() => ({
        layers: layers.map((layer) => ({
          topFilter: tf.slice(tf.mul(layer.filter, layer.mask), [0, 0, 0, 0], [layer.half + 1, layer.kernel, -1, -1]) as tf.Tensor4D,
          bias: tf.clone(layer.bias) as tf.Tensor1D,
        })),
        output: { filter: tf.mul(output.filter, output.mask) as tf.Tensor4D, bias: tf.clone(output.bias) as tf.Tensor1D },
        zVectors: zVectors.map((_, i) => zVector(z, i)),
      }));
      return { ...tensors, zMap: zMapValues, batch: z.shape[0] };
    },
    coneForward(weights, window, row, col) {
      return tf.tidy(() => {
        let h = window;
        let d = reach;
        layers.forEach((layer, i) => {
          const w = weights.layers[i] as ConeWeights['layers'][number];
          d -= layer.half;
          // Window of this layer's output: rows row − d … row, columns col − d … col + d (in the padded map: + S).
          const m = weights.zMap ? zWindow(weights, weights.zMap, image, reach, F, row, col, d) : (weights.zVectors[i] as tf.Tensor4D);
          const pre = tf.add(tf.add(tf.conv2d(h, w.topFilter, 1, 'valid'), w.bias), m);
          const out = tf.mul(tf.relu(pre), insideImage(image, row, col, d)) as tf.Tensor4D;
          // The residual: the input's part over this layer's (smaller) window, already zero outside the image.
          h = residual && i > 0 ? (tf.add(tf.slice(h, [0, layer.half, layer.half, 0], [-1, d + 1, 2 * d + 1, -1]), out) as tf.Tensor4D) : out;
        });
        const out = tf.add(tf.conv2d(h, weights.output.filter, 1, 'valid'), weights.output.bias);
        return tf.reshape(out, [-1, C * outputsPerPixel]) as tf.Tensor2D;
      });
    },
    dispose() {
      for (const layer of [...layers, output]) layer.mask.dispose();
    },
  };
}
