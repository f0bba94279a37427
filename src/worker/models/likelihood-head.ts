/**
 * The decoder's output distribution p(x | z): how many numbers it emits per pixel, its
 * log-likelihood, and the image to show (its mean).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../shared/config';
import { bernoulliLogLikelihood } from '../objectives/bernoulli';
import { discretizedLogisticLogLikelihood } from '../objectives/discretized-logistic';
import { gaussianLogLikelihood } from '../objectives/gaussian-likelihood';
import { fusedBernoulli, fusedBernoulliGrad } from '../blas/fused-ops';
import { withCustomGradient } from './custom-gradient';
import type { ParameterSet } from './parameters';

/** PixelCNN++'s floor on log scales: below it the logistic puts all mass in one bin and gradients vanish. */
export const MIN_LOG_SCALE = -7;

/**
 * The Bernoulli log-likelihood with its gradient in one step: ∂/∂l log p(x | l) = x − σ(l).
 * The stable form's stock gradient runs back through relu, abs, exp and log1p — ten element-wise
 * passes over a [batch, pixels] tensor — where this is three, which matters on the CPU backends;
 * on 'cpu-blas' the value and the gradient are one native pass each. The data x needs no gradient.
 */
export const bernoulliLogLikelihoodFastGradient = withCustomGradient<[tf.Tensor2D, tf.Tensor2D], tf.Tensor1D>(([x, logits], save) => {
  save([x, logits]);
  return {
    value: fusedBernoulli(x, logits) ?? bernoulliLogLikelihood(x, logits),
    gradFunc: (dy, saved) => {
      const [xs, ls] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dLogits = fusedBernoulliGrad(xs, ls, dy) ?? tf.mul(tf.sub(xs, tf.sigmoid(ls)), tf.expandDims(dy, 1));
      return [tf.zerosLike(xs), dLogits];
    },
  };
});

export interface LikelihoodHead {
  /** Decoder outputs per pixel: 1 (logits, or a mean) or 2 (mean and log scale). */
  readonly outputsPerPixel: 1 | 2;
  /** log p(x | decoder outputs), one value per example; x and each output are [batch, pixels]. */
  logLikelihood(x: tf.Tensor2D, outputs: tf.Tensor2D[]): tf.Tensor1D;
  /** E[x | z] clipped to [0, 1], for pictures. */
  mean(outputs: tf.Tensor2D[]): tf.Tensor2D;
}

function first(outputs: tf.Tensor2D[]): tf.Tensor2D {
  const head = outputs[0];
  if (!head) throw new Error('the decoder returned no outputs');
  return head;
}

export function createLikelihoodHead(model: ModelConfig, parameters: ParameterSet): LikelihoodHead {
  switch (model.likelihood) {
    case 'bernoulli':
      return {
        outputsPerPixel: 1,
        logLikelihood: (x, outputs) => bernoulliLogLikelihoodFastGradient(x, first(outputs)),
        mean: (outputs) => tf.sigmoid(first(outputs)),
      };
    case 'gaussian': {
      // One σ shared by every pixel (Rybkin et al. 2021, "σ-VAE"), learned or fixed.
      const logScale = model.gaussianSigma === 'learned' ? parameters.constant('decoder/logSigma', [], 0) : Math.log(model.gaussianSigma);
      return {
        outputsPerPixel: 1,
        logLikelihood: (x, outputs) => gaussianLogLikelihood(x, first(outputs), logScale),
        mean: (outputs) => tf.clipByValue(first(outputs), 0, 1),
      };
    }
    case 'discretized-logistic':
      return {
        outputsPerPixel: 2,
        logLikelihood: (x, outputs) => {
          const [mean, rawLogScale] = outputs;
          if (!mean || !rawLogScale) throw new Error('the discretized logistic needs a mean and a log scale per pixel');
          return discretizedLogisticLogLikelihood(x, mean, tf.maximum(rawLogScale, MIN_LOG_SCALE));
        },
        mean: (outputs) => tf.clipByValue(first(outputs), 0, 1),
      };
  }
}
