/**
 * One estimate of the encoder's gradient of the training loss, −ELBO averaged over the batch with the
 * KL in closed form (as training computes it), from L samples per point. Only the reconstruction
 * term E_q[−log p(x | z)] is estimated; the KL's gradient is exact in every estimator, so their
 * differences are the estimators' own.
 *
 * - reparameterization: z = μ + σ·ε and the gradient flows through the decoder into μ and σ.
 * - score function: f(z) · ∇φ log q(z | x) with z held fixed, f = −log p(x | z); E_q[∇φ log q] = 0
 *   makes it unbiased (REINFORCE).
 * - score function with a baseline: (f(z) − f(μ)) · ∇φ log q(z | x). f(μ), the decoder at the
 *   posterior mean, depends on x and φ but not on the sample, so subtracting it keeps the estimate
 *   unbiased while removing most of f's offset (a control variate costing one decoder row per point).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientEstimatorName } from '../../shared/gradient-lab';
import { gaussianKlPerDim } from '../objectives/gaussian-kl';
import type { GradientProblem } from './gradient-problem';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

function klTerm(mu: tf.Tensor2D, logVar: tf.Tensor2D, points: number): tf.Scalar {
  return tf.div(tf.sum(gaussianKlPerDim(mu, logVar)), points);
}

function samplesOf(mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D, samples: number): tf.Tensor2D {
  return tf.add(tf.tile(mu, [samples, 1]), tf.mul(tf.exp(tf.mul(tf.tile(logVar, [samples, 1]), 0.5)), eps));
}

/** log q(z | x) per row, z fixed: Σ_d −½ log 2π − ½ log σ²_d − (z_d − μ_d)² / (2σ²_d). */
function logPosterior(z: tf.Tensor2D, mu: tf.Tensor2D, logVar: tf.Tensor2D, samples: number): tf.Tensor1D {
  const muL = tf.tile(mu, [samples, 1]);
  const logVarL = tf.tile(logVar, [samples, 1]);
  const quadratic = tf.div(tf.square(tf.sub(z, muL)), tf.mul(tf.exp(logVarL), 2));
  return tf.neg(tf.sum(tf.add(tf.add(quadratic, tf.mul(logVarL, 0.5)), HALF_LOG_TWO_PI), 1));
}

function gradsInOrder(problem: GradientProblem, loss: () => tf.Scalar): tf.Tensor[] {
  const { value, grads } = tf.variableGrads(loss, problem.variables);
  value.dispose();
  return problem.variables.map((variable) => {
    const grad = grads[variable.name];
    // A variable the loss does not reach has gradient zero (tfjs leaves it out of the map).
    return grad ?? tf.zerosLike(variable);
  });
}

function reparameterization(problem: GradientProblem, eps: tf.Tensor2D, samples: number): tf.Tensor[] {
  const rows = samples * problem.points;
  return gradsInOrder(problem, () => {
    const { mu, logVar } = problem.posterior();
    const z = samplesOf(mu, logVar, eps, samples);
    return tf.add(tf.div(tf.sum(problem.negLogLikelihood(z)), rows), klTerm(mu, logVar, problem.points));
  });
}

function scoreFunction(problem: GradientProblem, eps: tf.Tensor2D, samples: number, baseline: boolean): tf.Tensor[] {
  const rows = samples * problem.points;
  // The samples and their weights f(z) − b are constants for the gradient: no tape records them.
  const { z, weights } = tf.tidy(() => {
    const { mu, logVar } = problem.posterior();
    const drawn = samplesOf(mu, logVar, eps, samples);
    const f = problem.negLogLikelihood(drawn);
    const b = baseline ? tf.tile(problem.negLogLikelihood(mu), [samples]) : null;
    return { z: drawn, weights: b ? tf.sub(f, b) : f };
  });
  try {
    return gradsInOrder(problem, () => {
      const { mu, logVar } = problem.posterior();
      const surrogate = tf.div(tf.sum(tf.mul(weights, logPosterior(z, mu, logVar, samples))), rows);
      return tf.add(surrogate, klTerm(mu, logVar, problem.points));
    });
  } finally {
    z.dispose();
    weights.dispose();
  }
}

/**
 * One gradient estimate, one tensor per problem variable (the caller disposes them).
 * eps: standard normal noise, [samples · points, latentDim], sample-major.
 */
export function estimateEncoderGradient(problem: GradientProblem, estimator: GradientEstimatorName, eps: tf.Tensor2D, samples: number): tf.Tensor[] {
  const expected = [samples * problem.points, problem.latentDim];
  if (!tf.util.arraysEqual(eps.shape, expected)) {
    throw new RangeError(`estimateEncoderGradient: eps must be [${expected.join(', ')}], got [${eps.shape.join(', ')}]`);
  }
  switch (estimator) {
    case 'reparameterization':
      return reparameterization(problem, eps, samples);
    case 'score-function':
      return scoreFunction(problem, eps, samples, false);
    case 'score-function-baseline':
      return scoreFunction(problem, eps, samples, true);
  }
}

/** Decoder rows one estimate costs: L per point, and one more per point for the baseline. */
export function decoderRowsPerEstimate(estimator: GradientEstimatorName, samples: number, points: number): number {
  return samples * points + (estimator === 'score-function-baseline' ? points : 0);
}
