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
  nll: 'eval/nll',
  bitsPerDim: 'eval/bits_per_dim',
  activeUnits: 'eval/active_units',
  mutualInformation: 'eval/mutual_information',
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
    { ...base, key: EVAL_KEYS.collapsedDims, value: evaluation.collapse.collapsedCount },
  ];
  if (evaluation.iwae) {
    points.push(
      { ...base, key: EVAL_KEYS.nll, value: evaluation.iwae.nll },
      { ...base, key: EVAL_KEYS.bitsPerDim, value: evaluation.iwae.bitsPerDim },
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
