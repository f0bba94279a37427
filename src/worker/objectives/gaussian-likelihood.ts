import * as tf from '@tensorflow/tfjs';
import { sumOverNonBatchAxes } from './reduce';
import { assertSameShape } from './shapes';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log N(x; mean, σ²) with σ = exp(logScale), summed over every non-batch axis (one value per
 * example). logScale is a number (a fixed observation noise) or a tensor that broadcasts against x
 * (a learned per-pixel or per-example scale). Working in log σ avoids dividing by a σ that could
 * round to zero: (x − mean)·exp(−logScale) is formed directly.
 */
export function gaussianLogLikelihood(x: tf.Tensor, mean: tf.Tensor, logScale: tf.Tensor | number): tf.Tensor1D {
  assertSameShape('gaussianLogLikelihood', x, 'x', mean, 'mean');
  return tf.tidy(() => {
    const scaleLog = typeof logScale === 'number' ? tf.scalar(logScale) : logScale;
    const standardized = x.sub(mean).mul(tf.exp(tf.neg(scaleLog)));
    // A scalar σ broadcasts to every element, so −log σ is counted once per pixel as it must be.
    const logDensity = tf.square(standardized).mul(-0.5).sub(scaleLog).sub(HALF_LOG_TWO_PI);
    assertSameShape('gaussianLogLikelihood', logDensity, 'x broadcast with logScale', x, 'x');
    return sumOverNonBatchAxes(logDensity);
  });
}
