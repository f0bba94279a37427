/** Evaluation of a VQ-VAE on one split: reconstruction, the fixed KL of a uniform code prior, and codebook usage. */
import * as tf from '@tensorflow/tfjs';
import type { EpochEvaluation, EvaluationSplit } from '../../shared/training-report';
import type { VqVaeModel } from '../models/model';
import type { EvaluationTargets } from './device-data';
import type { EvaluationBudget, EvaluationResult } from './evaluate';
import { PointStatistics } from './point-statistics';

const EVAL_BATCH = 500;

export async function evaluateVq(
  model: VqVaeModel,
  targets: EvaluationTargets<EvaluationSplit>,
  epoch: number,
  step: number,
  budget: EvaluationBudget,
): Promise<EvaluationResult> {
  const n = targets.count;
  const { slots, dim, size: codebookSize } = model.quantizer;
  const latentCount = Math.min(n, budget.latentPoints);
  const latent = new Float32Array(latentCount * slots * dim);
  const histogram = new Float64Array(codebookSize);
  const logPx = new PointStatistics();
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, n - start);
    const [zeT, codesT, logPxT] = tf.tidy(() => {
      const x = tf.slice(targets.x, [start, 0], [size, targets.pixels]);
      const ze = model.encode(x);
      const q = model.quantizer.quantize(ze);
      return [ze, q.codes, model.head.logLikelihood(x, model.decode(q.zq))];
    });
    const [zeV, codesV, logPxV] = await Promise.all([zeT.data(), codesT.data(), logPxT.data()]);
    tf.dispose([zeT, codesT, logPxT]);
    if (start < latentCount) latent.set(zeV.subarray(0, Math.min(size, latentCount - start) * slots * dim), start * slots * dim);
    for (const code of codesV) histogram[code] = (histogram[code] as number) + 1;
    logPx.add(logPxV);
    budget.onProgress?.((start + size) / n);
    await budget.stopPoint?.();
  }
  const total = histogram.reduce((a, b) => a + b, 0);
  let entropy = 0;
  let usedCodes = 0;
  for (const count of histogram) {
    if (count === 0) continue;
    usedCodes++;
    const p = count / total;
    entropy -= p * Math.log(p);
  }
  const { mean: meanLogPx, stdErr } = logPx.result();
  // With a uniform prior over codes, KL(q(c|x) ‖ p(c)) = log K per slot for a one-hot posterior.
  const kl = slots * Math.log(codebookSize);
  const evaluation: EpochEvaluation = {
    epoch,
    step,
    split: targets.split,
    heldOutPoints: n,
    elbo: meanLogPx - kl,
    elboStdErr: stdErr,
    recon: -meanLogPx,
    kl,
    iwae: null,
    klPerDim: [],
    posteriorVariance: [],
    activeUnits: { count: 0, variances: [], active: [] },
    mutualInformation: null,
    verdict: null,
    trainSubset: null,
    codebook: { codebookSize, usedCodes, perplexity: Math.exp(entropy) },
    durationMs: 0,
  };
  return { evaluation, encoding: { latent, dim: slots * dim, count: latentCount, klPerDim: [] } };
}
