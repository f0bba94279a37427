/**
 * The VQ-VAE bottleneck (van den Oord et al. 2017): each of `slots` encoder vectors snaps to its
 * nearest codebook entry; the decoder sees the code vectors and the encoder gets the decoder's
 * gradient straight through. The encoder pays a commitment loss β‖z_e − sg(e)‖² to stay near its
 * codes; there is no KL term (the prior over codes is uniform and fixed).
 *
 * The codebook follows exponential moving averages of the encoder outputs assigned to each code
 * (the paper's Appendix A.1, decay 0.99) instead of a gradient on ‖sg(z_e) − e‖². Why: under Adam
 * every codebook coordinate moves at most ~lr per step, while an encoder output — a sum over
 * hundreds of weights that each move ~lr — moves hundreds of times faster; the codes fall behind,
 * the commitment loss explodes, and training diverges. The moving average puts each code at the
 * mean of its recent encoder outputs whatever their scale.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulExplicitTranspose } from './dense';
import { straightThrough } from './gradient-ops';
import type { ParameterSet } from './parameters';

export const CODEBOOK_DECAY = 0.99;
/** A code whose (debiased) average count is below this keeps its vector instead of dividing by ~0. */
const MIN_COUNT = 1e-5;

export interface Quantized {
  /** Code vectors with straight-through gradient, [batch, slots · dim]. */
  zq: tf.Tensor2D;
  /** Chosen code per slot, int32 [batch, slots]. */
  codes: tf.Tensor2D;
  /** ‖z_e − sg(e)‖² per example, summed over slots and dimensions: [batch]. */
  commitmentLoss: tf.Tensor1D;
}

export class VectorQuantizer {
  readonly codebook: tf.Variable;
  /** Moving averages of each code's assignment count and of the sum of its encoder outputs. */
  private readonly averageCount: tf.Variable;
  private readonly averageSum: tf.Variable;
  /** decay^t, to debias the averages (they start at zero) as Adam debiases its moments. */
  private readonly decayPower: tf.Variable;

  constructor(
    parameters: ParameterSet,
    readonly slots: number,
    readonly dim: number,
    readonly size: number,
  ) {
    // Code vectors drawn like a dense layer's weights, so they start at the encoder outputs' scale.
    this.codebook = parameters.uniform('quantizer/codebook', [size, dim], 1 / Math.sqrt(dim), false);
    this.averageCount = parameters.state('quantizer/averageCount', tf.zeros([size]));
    this.averageSum = parameters.state('quantizer/averageSum', tf.zeros([size, dim]));
    this.decayPower = parameters.state('quantizer/decayPower', tf.scalar(1));
  }

  /** Index of the nearest code (squared Euclidean distance) for each row of flat [n, dim]. */
  nearest(flat: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const cross = tf.matMul(flat, tf.transpose(this.codebook));
      // ‖z‖² is the same for every code of a row, so it does not change the argmin.
      const distances = tf.sub(tf.sum(tf.square(this.codebook), 1), tf.mul(cross, 2));
      return tf.argMin(distances, 1) as tf.Tensor1D;
    });
  }

  /** Code vectors for given codes, int32 [batch, slots] → [batch, slots · dim]. */
  lookup(codes: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const oneHot = tf.oneHot(tf.reshape(codes, [-1]) as tf.Tensor1D, this.size).toFloat() as tf.Tensor2D;
      // A one-hot matMul instead of tf.gather: gather's gradient needs UnsortedSegmentSum, which
      // the wasm backend lacks (the codebook gets no gradient now, but the lookup stays usable
      // inside gradient scopes either way).
      const vectors = matMulExplicitTranspose(oneHot, this.codebook as tf.Tensor2D);
      return tf.reshape(vectors, [codes.shape[0], this.slots * this.dim]) as tf.Tensor2D;
    });
  }

  quantize(ze: tf.Tensor2D): Quantized {
    const batch = ze.shape[0];
    const codes = tf.tidy(() => tf.reshape(this.nearest(tf.reshape(ze, [batch * this.slots, this.dim]) as tf.Tensor2D), [batch, this.slots]) as tf.Tensor2D);
    const e = this.lookup(codes);
    // e is a constant for the gradient (the codebook is not trained by gradients), so this is
    // ‖z_e − sg(e)‖² as written.
    const commitmentLoss = tf.sum(tf.square(tf.sub(ze, e)), 1) as tf.Tensor1D;
    return { zq: straightThrough(ze, e), codes, commitmentLoss };
  }

  /** One moving-average step of the codebook toward the encoder outputs assigned to each code. */
  updateCodebook(ze: tf.Tensor2D, codes: tf.Tensor2D): void {
    tf.tidy(() => {
      const flat = tf.reshape(ze, [-1, this.dim]) as tf.Tensor2D;
      const oneHot = tf.oneHot(tf.reshape(codes, [-1]) as tf.Tensor1D, this.size).toFloat();
      const counts = tf.sum(oneHot, 0);
      const sums = tf.matMul(tf.transpose(oneHot), flat);
      const keep = CODEBOOK_DECAY;
      this.averageCount.assign(tf.add(tf.mul(this.averageCount, keep), tf.mul(counts, 1 - keep)));
      this.averageSum.assign(tf.add(tf.mul(this.averageSum, keep), tf.mul(sums, 1 - keep)));
      this.decayPower.assign(tf.mul(this.decayPower, keep));
      const debias = tf.sub(1, this.decayPower);
      const count = tf.div(this.averageCount, debias);
      const mean = tf.div(tf.div(this.averageSum, debias), tf.expandDims(tf.maximum(count, MIN_COUNT), 1));
      this.codebook.assign(tf.where(tf.expandDims(tf.greater(count, MIN_COUNT), 1).tile([1, this.dim]), mean, this.codebook));
    });
  }
}
