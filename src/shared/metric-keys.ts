/**
 * The metric keys a run logs, and how the worker's typed reports become stored points.
 * `train/*` keys come from step reports, `eval/*` keys from per-epoch held-out evaluation.
 * Shared so the host writes and the renderer reads the same names.
 */
import type { MetricPoint } from './runs';
import type { EpochEvaluation, StepMetrics } from './training-report';

export const TRAIN_KEYS = {
  loss: 'train/loss',
  recon: 'train/recon',
  kl: 'train/kl',
  beta: 'train/beta',
  gradNorm: 'train/grad_norm',
  lr: 'train/lr',
  samplesPerSec: 'train/samples_per_sec',
  vqLoss: 'train/vq_loss',
} as const;

export const EVAL_KEYS = {
  elbo: 'eval/elbo',
  recon: 'eval/recon',
  kl: 'eval/kl',
  /** The IWAE-K bound on the split's first points: an NLL bound only when the likelihood is one (see likelihood-accounting). */
  iwaeBound: 'eval/iwae_bound',
  nll: 'eval/nll',
  bitsPerDim: 'eval/bits_per_dim',
  activeUnits: 'eval/active_units',
  mutualInformation: 'eval/mutual_information',
  /** Dimensions with Var_x(μ_d) ≤ 0.01: unused (pruned), not a failure by themselves. */
  unusedDims: 'eval/unused_dims',
  /** KL(q(z) ‖ p(z)) = E[KL] − I(x; z) on the MI's points. */
  marginalKl: 'eval/marginal_kl',
  /** ELBO on a fixed training subset minus the split's ELBO: the generalisation gap. */
  generalizationGap: 'eval/generalization_gap',
  trainSubsetElbo: 'eval/train_subset_elbo',
  /** Legacy: runs recorded before the information-based verdict counted "collapsed" dimensions here. */
  collapsedDims: 'eval/collapsed_dims',
  codebookPerplexity: 'eval/codebook_perplexity',
  codebookUsed: 'eval/codebook_used',
} as const;

export function stepMetricsToPoints(metrics: readonly StepMetrics[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const m of metrics) {
    // StepMetrics.wallTime is Unix seconds (TensorBoard's convention); the store keeps milliseconds.
    const base = { step: m.step, epoch: m.epoch, wallTime: m.wallTime * 1000 };
    points.push(
      { ...base, key: TRAIN_KEYS.loss, value: m.loss },
      { ...base, key: TRAIN_KEYS.recon, value: m.recon },
      { ...base, key: TRAIN_KEYS.kl, value: m.kl },
      { ...base, key: TRAIN_KEYS.beta, value: m.beta },
      { ...base, key: TRAIN_KEYS.gradNorm, value: m.gradNorm },
      { ...base, key: TRAIN_KEYS.lr, value: m.lr },
      { ...base, key: TRAIN_KEYS.samplesPerSec, value: m.samplesPerSec },
    );
    if (m.vqLoss !== null) points.push({ ...base, key: TRAIN_KEYS.vqLoss, value: m.vqLoss });
  }
  return points;
}

export function evaluationToPoints(evaluation: EpochEvaluation, wallTime: number): MetricPoint[] {
  const base = { step: evaluation.step, epoch: evaluation.epoch, wallTime };
  const points: MetricPoint[] = [
    { ...base, key: EVAL_KEYS.elbo, value: evaluation.elbo },
    { ...base, key: EVAL_KEYS.recon, value: evaluation.recon },
    { ...base, key: EVAL_KEYS.kl, value: evaluation.kl },
    { ...base, key: EVAL_KEYS.activeUnits, value: evaluation.activeUnits.count },
  ];
  if (evaluation.verdict) {
    points.push({ ...base, key: EVAL_KEYS.unusedDims, value: evaluation.verdict.unusedCount }, { ...base, key: EVAL_KEYS.marginalKl, value: evaluation.verdict.marginalKl });
  }
  if (evaluation.iwae) {
    points.push({ ...base, key: EVAL_KEYS.iwaeBound, value: evaluation.iwae.bound });
    if (evaluation.iwae.nll !== null) points.push({ ...base, key: EVAL_KEYS.nll, value: evaluation.iwae.nll });
    if (evaluation.iwae.bitsPerDim !== null) points.push({ ...base, key: EVAL_KEYS.bitsPerDim, value: evaluation.iwae.bitsPerDim });
  }
  if (evaluation.trainSubset) {
    points.push(
      { ...base, key: EVAL_KEYS.trainSubsetElbo, value: evaluation.trainSubset.elbo },
      { ...base, key: EVAL_KEYS.generalizationGap, value: evaluation.trainSubset.elbo - evaluation.elbo },
    );
  }
  if (evaluation.mutualInformation !== null) points.push({ ...base, key: EVAL_KEYS.mutualInformation, value: evaluation.mutualInformation });
  if (evaluation.codebook) {
    points.push(
      { ...base, key: EVAL_KEYS.codebookPerplexity, value: evaluation.codebook.perplexity },
      { ...base, key: EVAL_KEYS.codebookUsed, value: evaluation.codebook.usedCodes },
    );
  }
  return points;
}
