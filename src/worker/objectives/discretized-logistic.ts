import * as tf from '@tensorflow/tfjs';
import { sumOverNonBatchAxes } from './reduce';
import { assertSameShape } from './shapes';

/**
 * log P(x | mean, s) for x on the grid k/(bins − 1), k = 0 … bins − 1, under a logistic
 * distribution discretized into bins (PixelCNN++, Salimans et al. 2017), summed over every
 * non-batch axis (one value per example). mean and logScale are in the same [0, 1] units as x;
 * logScale broadcasts against x. x is snapped to its nearest grid point (and values outside [0, 1]
 * to the edge bins); its gradient is zero, as data's should be.
 *
 * Each bin gets the logistic mass between its edges (k ± ½)/(bins − 1); the first bin takes the
 * whole left tail and the last the whole right tail, so the bins sum to one. With
 * a = (lower edge − mean)/s and b = (upper edge − mean)/s:
 *   first bin  log σ(b)          = −softplus(−b)
 *   last bin   log(1 − σ(a))     = −softplus(a)
 *   middle     log(σ(b) − σ(a))  = −softplus(−b) − softplus(a) + log(1 − e^{−(b−a)})
 * The middle line is an exact identity, σ(b) − σ(a) = σ(b)·σ(−a)·(1 − e^{a−b}), used instead of
 * PixelCNN++'s fallback (log pdf at the bin centre once the CDF difference drops below 1e-5): it
 * never subtracts two CDFs, so it stays accurate where both round to 0 or 1 (a tiny scale, or a
 * bin far in the tail) rather than switching to an approximation there.
 *
 * The edges are computed from the bin index, (k ± ½)·width, not as x ± ½·width: then bin k's upper
 * edge and bin k+1's lower edge are the same float32 number, and the masses telescope to exactly
 * one even when s is far below float32's spacing of the grid values (3e-8 near 0.5), where
 * rounding x itself would shift neighbouring edges apart by several s.
 */
export function discretizedLogisticLogLikelihood(
  x: tf.Tensor,
  mean: tf.Tensor,
  logScale: tf.Tensor | number,
  bins = 256,
): tf.Tensor1D {
  if (!Number.isInteger(bins) || bins < 2) {
    throw new RangeError(`discretizedLogisticLogLikelihood: bins must be an integer ≥ 2, got ${bins}`);
  }
  assertSameShape('discretizedLogisticLogLikelihood', x, 'x', mean, 'mean');
  return tf.tidy(() => {
    const binWidth = 1 / (bins - 1);
    const scaleLog = typeof logScale === 'number' ? tf.scalar(logScale) : logScale;
    const inverseScale = tf.exp(tf.neg(scaleLog));
    const binIndex = tf.clipByValue(tf.round(x.mul(bins - 1)), 0, bins - 1);
    const upper = binIndex.add(0.5).mul(binWidth).sub(mean).mul(inverseScale); // b
    const lower = binIndex.sub(0.5).mul(binWidth).sub(mean).mul(inverseScale); // a
    const logCdfUpper = tf.neg(tf.softplus(tf.neg(upper)));
    const logSurvivalLower = tf.neg(tf.softplus(lower));
    // b − a is the bin width over s, formed directly: subtracting b and a far in a tail would
    // cancel two large numbers.
    const logMiddleGap = log1MinusExpNeg(inverseScale.mul(binWidth));
    const logMiddle = logCdfUpper.add(logSurvivalLower).add(logMiddleGap);
    const isFirstBin = tf.less(binIndex, 0.5);
    const isLastBin = tf.greater(binIndex, bins - 1.5);
    const logProb = tf.where(isFirstBin, logCdfUpper, tf.where(isLastBin, logSurvivalLower, logMiddle));
    assertSameShape('discretizedLogisticLogLikelihood', logProb, 'x broadcast with logScale', x, 'x');
    return sumOverNonBatchAxes(logProb);
  });
}

/**
 * log(1 − e^{−d}) for d = (bin width)/s > 0, as log(−expm1(−d)): expm1 keeps full relative precision
 * when d is small (a broad logistic, where 1 − e^{−d} would cancel), and for large d the result is
 * within float32 rounding of 0, an absolute error far below anything a log-likelihood can show.
 * (Mächler's two-branch log1mexp would need a tf.where on d, and tfjs cannot differentiate through
 * the comparison that picks the branch.)
 */
function log1MinusExpNeg(d: tf.Tensor): tf.Tensor {
  return tf.log(tf.neg(tf.expm1(tf.neg(d))));
}
