/**
 * Encoder and decoder bodies, MLP or convolutional, over flat [batch, pixels] tensors (HWC order
 * within an image). Each builder creates its weights in a fixed order and returns the forward
 * function; the decoders return one flat tensor per likelihood output.
 */
import * as tf from '@tensorflow/tfjs';
import { convLayer } from './conv';
import { dense } from './dense';
import { torchDefaultBound, type ParameterSet } from './parameters';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export type Forward = (input: tf.Tensor2D) => tf.Tensor2D;
/**
 * Decoder outputs for latents z. `x`, the images being scored, is what an autoregressive decoder
 * conditions each pixel's prediction on (teacher forcing); a factorized decoder ignores it.
 */
export type DecoderForward = (z: tf.Tensor2D, x?: tf.Tensor2D) => tf.Tensor2D[];

interface DenseWeights {
  kernel: tf.Variable;
  bias: tf.Variable;
}

function denseWeights(parameters: ParameterSet, name: string, inputs: number, outputs: number): DenseWeights {
  return {
    kernel: parameters.uniform(`${name}/kernel`, [inputs, outputs], torchDefaultBound(inputs)),
    bias: parameters.uniform(`${name}/bias`, [outputs], torchDefaultBound(inputs)),
  };
}

const applyDense = (x: tf.Tensor2D, w: DenseWeights, activation: 'relu' | 'linear', inputNeedsGradient = true) =>
  dense(x, w.kernel as tf.Tensor2D, w.bias as tf.Tensor1D, activation, inputNeedsGradient);

/** x → relu(dense) per hidden width → dense(outputs). */
export function mlpEncoder(parameters: ParameterSet, inputs: number, hidden: number[], outputs: number): Forward {
  const layers = hidden.map((width, i) => denseWeights(parameters, `encoder/dense${i}`, i === 0 ? inputs : (hidden[i - 1] as number), width));
  const head = denseWeights(parameters, 'encoder/head', hidden.at(-1) ?? inputs, outputs);
  return (x) => {
    let h = x;
    layers.forEach((layer, i) => {
      h = applyDense(h, layer, 'relu', i > 0);
    });
    return applyDense(h, head, 'linear', layers.length > 0);
  };
}

/** z → relu(dense) per hidden width (mirrored) → dense(pixels · outputsPerPixel), split per output. */
export function mlpDecoder(parameters: ParameterSet, latent: number, hidden: number[], pixels: number, outputsPerPixel: number): DecoderForward {
  const widths = [...hidden].reverse();
  const layers = widths.map((width, i) => denseWeights(parameters, `decoder/dense${i}`, i === 0 ? latent : (widths[i - 1] as number), width));
  const head = denseWeights(parameters, 'decoder/head', widths.at(-1) ?? latent, pixels * outputsPerPixel);
  return (z) => {
    let h = z;
    for (const layer of layers) h = applyDense(h, layer, 'relu');
    const out = applyDense(h, head, 'linear');
    return outputsPerPixel === 1 ? [out] : tf.split(out, outputsPerPixel, 1);
  };
}

interface ConvWeights {
  filter: tf.Variable;
  bias: tf.Variable;
}

function convWeights(parameters: ParameterSet, name: string, kernel: number, inputs: number, outputs: number): ConvWeights {
  const fanIn = kernel * kernel * inputs;
  return {
    filter: parameters.uniform(`${name}/filter`, [kernel, kernel, inputs, outputs], torchDefaultBound(fanIn)),
    bias: parameters.uniform(`${name}/bias`, [outputs], torchDefaultBound(fanIn)),
  };
}

const applyConv = (x: tf.Tensor4D, w: ConvWeights, activation: 'relu' | 'linear', resample: 'spaceToDepth' | 'upsample', inputNeedsGradient = true) =>
  convLayer(x, w.filter as tf.Tensor4D, w.bias as tf.Tensor1D, activation, { resample, inputNeedsGradient });

/** Convolution stages: `hidden` minus its last entry; the last entry is the dense width. */
export function convStages(hidden: number[], shape: ImageShape): { channels: number[]; denseWidth: number; bottom: ImageShape } {
  const channels = hidden.slice(0, -1);
  const denseWidth = hidden.at(-1) as number;
  const factor = 2 ** channels.length;
  if (channels.length === 0 || shape.height % factor !== 0 || shape.width % factor !== 0) {
    throw new Error(
      `a conv model with ${channels.length} downsampling stages needs image sides divisible by ${factor}; the images are ${shape.height}×${shape.width}`,
    );
  }
  return { channels, denseWidth, bottom: { height: shape.height / factor, width: shape.width / factor, channels: channels.at(-1) as number } };
}

/**
 * Per stage: space-to-depth (halves the resolution, 4× the channels) → 3×3 convolution (relu);
 * then flatten → relu(dense) → dense(outputs).
 */
export function convEncoder(parameters: ParameterSet, shape: ImageShape, hidden: number[], outputs: number): Forward {
  const { channels, denseWidth, bottom } = convStages(hidden, shape);
  const stages = channels.map((c, i) => convWeights(parameters, `encoder/conv${i}`, 3, 4 * (i === 0 ? shape.channels : (channels[i - 1] as number)), c));
  const flat = bottom.height * bottom.width * bottom.channels;
  const hiddenDense = denseWeights(parameters, 'encoder/dense0', flat, denseWidth);
  const head = denseWeights(parameters, 'encoder/head', denseWidth, outputs);
  return (x) => {
    let h = tf.reshape(x, [-1, shape.height, shape.width, shape.channels]) as tf.Tensor4D;
    stages.forEach((stage, i) => {
      h = applyConv(h, stage, 'relu', 'spaceToDepth', i > 0);
    });
    const features = applyDense(tf.reshape(h, [-1, flat]) as tf.Tensor2D, hiddenDense, 'relu');
    return applyDense(features, head, 'linear');
  };
}

/**
 * z → relu(dense) → relu(dense to the bottom feature map) → per stage: ×2 nearest upsampling and a
 * 3×3 convolution (relu), the last one linear with channels · outputsPerPixel outputs.
 * Upsample-then-convolve instead of a transposed convolution avoids checkerboard artefacts
 * (Odena et al. 2016) and keeps every convolution at stride 1 (see conv.ts).
 */
export function convDecoder(parameters: ParameterSet, latent: number, shape: ImageShape, hidden: number[], outputsPerPixel: number): DecoderForward {
  const { channels, denseWidth, bottom } = convStages(hidden, shape);
  const flat = bottom.height * bottom.width * bottom.channels;
  const first = denseWeights(parameters, 'decoder/dense0', latent, denseWidth);
  const toMap = denseWeights(parameters, 'decoder/dense1', denseWidth, flat);
  const reversed = [...channels].reverse();
  const stages = reversed.map((c, i) => {
    const last = i === reversed.length - 1;
    const outputs = last ? shape.channels * outputsPerPixel : (reversed[i + 1] as number);
    return convWeights(parameters, `decoder/conv${i}`, 3, c, outputs);
  });
  const pixels = shape.height * shape.width * shape.channels;
  return (z) => {
    const h0 = applyDense(applyDense(z, first, 'relu'), toMap, 'relu');
    let h = tf.reshape(h0, [-1, bottom.height, bottom.width, bottom.channels]) as tf.Tensor4D;
    stages.forEach((stage, i) => {
      h = applyConv(h, stage, i === stages.length - 1 ? 'linear' : 'relu', 'upsample');
    });
    const parts = outputsPerPixel === 1 ? [h] : tf.split(h, outputsPerPixel, 3);
    return parts.map((part) => tf.reshape(part, [-1, pixels]) as tf.Tensor2D);
  };
}
