/**
 * A run's model as a gradient-lab problem: the encoder's trainable weights, grouped by layer (the
 * head split into its μ and log σ² halves, whose gradients behave differently), and the decoder's
 * likelihood head as −log p(x | z) on a fixed batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { GradientProblem, ParameterGroupSpec } from './gradient-problem';

const ENCODER_PREFIX = 'encoder/';
const HEAD_LAYER = 'encoder/head';
/** The head's two halves as parameter groups: their gradients behave differently. */
export const HEAD_MU_GROUP = `${HEAD_LAYER} · μ`;
export const HEAD_LOG_VAR_GROUP = `${HEAD_LAYER} · log σ²`;

function layerOf(name: string): string {
  return name.slice(0, name.lastIndexOf('/'));
}

function encoderGroups(names: readonly string[], latentDim: number): ParameterGroupSpec[] {
  const groups = new Map<string, ParameterGroupSpec>();
  const groupFor = (name: string) => {
    let group = groups.get(name);
    if (!group) {
      group = { name, parts: [] };
      groups.set(name, group);
    }
    return group;
  };
  names.forEach((name, variable) => {
    const layer = layerOf(name);
    if (layer === HEAD_LAYER) {
      // The head's output columns are μ (first latentDim) then log σ² (see splitGaussianParams).
      groupFor(HEAD_MU_GROUP).parts.push({ variable, lastAxis: [0, latentDim] });
      groupFor(HEAD_LOG_VAR_GROUP).parts.push({ variable, lastAxis: [latentDim, 2 * latentDim] });
    } else {
      groupFor(layer).parts.push({ variable });
    }
  });
  return [...groups.values()];
}

/** x: the fixed batch [points, pixels], as the likelihood scores it; the caller keeps ownership. */
export function modelGradientProblem(model: Model, x: tf.Tensor2D): GradientProblem {
  if (model.kind !== 'vae') {
    throw new Error('the gradient lab needs a Gaussian latent: a VQ-VAE is trained with a straight-through gradient, which has no score-function counterpart');
  }
  const encoder = model.parameters.trainable.filter((entry) => entry.name.startsWith(ENCODER_PREFIX));
  if (encoder.length === 0) throw new Error('this model has no encoder weights to take gradients of');
  const points = x.shape[0];
  return {
    variables: encoder.map((entry) => entry.variable),
    groups: encoderGroups(
      encoder.map((entry) => entry.name),
      model.latentDim,
    ),
    points,
    latentDim: model.latentDim,
    posterior: () => model.encode(x),
    negLogLikelihood: (z) => {
      const repeats = z.shape[0] / points;
      const targets = repeats === 1 ? x : tf.tile(x, [repeats, 1]);
      return tf.neg(model.head.logLikelihood(targets, model.decode(z, targets)));
    },
  };
}
