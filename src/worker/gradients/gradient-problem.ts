/**
 * What the gradient-estimator lab needs from a model, and nothing more: the encoder's variables
 * (the gradients are taken with respect to these), how they group for the report, the posterior
 * q(z | x) = N(μ, diag exp(logVar)) of a fixed batch, and the decoder's −log p(x | z). A run's model
 * (model-problem.ts) and the linear-Gaussian model of the known-answer tests both take this shape,
 * so the tests exercise the same estimator code the lab runs.
 */
import type * as tf from '@tensorflow/tfjs';

/** Part of a variable: all of it, or a range of its last axis (e.g. the μ half of the encoder's head). */
export interface VariablePart {
  variable: number;
  lastAxis?: readonly [from: number, to: number];
}

export interface ParameterGroupSpec {
  name: string;
  parts: VariablePart[];
}

export interface GradientProblem {
  variables: tf.Variable[];
  groups: ParameterGroupSpec[];
  /** Data points in the batch. */
  points: number;
  latentDim: number;
  /** μ and log σ² of the batch, [points, latentDim] each, computed from `variables`. */
  posterior(): { mu: tf.Tensor2D; logVar: tf.Tensor2D };
  /**
   * −log p(x_i | z_r) per row of z, [rows]: z holds L samples per point in sample-major order (row
   * l·points + i belongs to point i), rows = L·points.
   */
  negLogLikelihood(z: tf.Tensor2D): tf.Tensor1D;
}

/** Number of coordinates a part covers. */
export function partSize(part: VariablePart, variables: readonly tf.Variable[]): number {
  const variable = variables[part.variable];
  if (!variable) throw new RangeError(`parameter group names variable ${part.variable}, but there are ${variables.length}`);
  if (!part.lastAxis) return variable.size;
  const last = variable.shape.at(-1) ?? 1;
  return (variable.size / last) * (part.lastAxis[1] - part.lastAxis[0]);
}
