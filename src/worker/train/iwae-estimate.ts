/**
 * The IWAE bound with K samples on the first `points` evaluation points, and on the very same points
 * and samples the K-sample ELBO (the mean of log w), so the gap between the two is measured on one
 * point set. Each comes with its standard error over the points.
 */
import * as tf from '@tensorflow/tfjs';
import { discreteNll, type LikelihoodAccounting, natsToBitsPerDim } from '../../shared/likelihood-accounting';
import type { IwaeEstimate } from '../../shared/training-report';
import type { VaeModel } from '../models/model';
import { iwaeBound, logNormalDiag, logStandardNormal, repeatRows } from '../objectives/iwae';
import { reparameterize } from '../objectives/reparameterize';
import type { EvaluationTargets } from './device-data';
import { PointStatistics } from './point-statistics';

/** Decoder rows per IWAE chunk (K samples × points), bounding memory at ~16 MB for MNIST logits. */
const IWAE_ROWS = 5000;
/** The same for an autoregressive decoder (32 feature maps of 28×28 per row and layer, ~100 KB each). */
const AUTOREGRESSIVE_ROWS = 250;

export interface IwaeRequest {
  k: number;
  points: number;
  /** Seed of chunk c's ε: noiseSeed(c). */
  noiseSeed: (chunk: number) => number;
  accounting: LikelihoodAccounting;
  /** Called (and awaited) after each chunk with the points done so far; may throw to stop. */
  onChunk?: (pointsDone: number) => void | Promise<void>;
}

export async function iwaeEstimate(model: VaeModel, targets: EvaluationTargets, request: IwaeRequest): Promise<IwaeEstimate | null> {
  const { k } = request;
  const points = Math.min(request.points, targets.count);
  if (points === 0) return null;
  // A PixelCNN decoder keeps [rows, H, W, channels] activations per layer: far fewer rows per chunk.
  const rows = model.autoregressive === null ? IWAE_ROWS : AUTOREGRESSIVE_ROWS;
  const chunk = Math.max(1, Math.floor(rows / k));
  const bounds = new PointStatistics();
  const elbos = new PointStatistics();
  for (let start = 0, chunkIndex = 0; start < points; start += chunk, chunkIndex++) {
    const size = Math.min(chunk, points - start);
    const [boundT, elboT] = tf.tidy(() => {
      const x = tf.slice(targets.x, [start, 0], [size, targets.pixels]);
      const { mu, logVar } = model.encode(x);
      const d = mu.shape[1];
      const eps = tf.randomNormal([k, size, d], 0, 1, 'float32', request.noiseSeed(chunkIndex));
      const z = reparameterize(mu, logVar, eps);
      const xs = repeatRows(x, k);
      const outputs = model.decode(tf.reshape(z, [k * size, d]) as tf.Tensor2D, xs);
      const logPx = tf.reshape(model.head.logLikelihood(xs, outputs), [k, size]);
      const logWeights = logPx.add(logStandardNormal(z)).sub(logNormalDiag(z, mu, logVar)) as tf.Tensor2D;
      return [iwaeBound(logWeights), tf.mean(logWeights, 0)];
    });
    const [boundV, elboV] = await Promise.all([boundT.data(), elboT.data()]);
    tf.dispose([boundT, elboT]);
    bounds.add(boundV);
    elbos.add(elboV);
    await request.onChunk?.(start + size);
  }
  const bound = bounds.result();
  const elbo = elbos.result();
  const nll = request.accounting.isLikelihood ? discreteNll(bound.mean, targets.pixels, request.accounting) : null;
  return {
    k,
    points,
    bound: bound.mean,
    boundStdErr: bound.stdErr,
    elbo: elbo.mean,
    elboStdErr: elbo.stdErr,
    nll,
    bitsPerDim: nll === null ? null : natsToBitsPerDim(nll, targets.pixels),
  };
}
