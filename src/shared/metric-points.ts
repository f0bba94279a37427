/**
 * How the worker's typed reports become the points the host stores and sends live: step reports
 * give the `train/*` keys, a per-epoch evaluation the `eval/*` keys. Wall time passes through as
 * the worker stamped it (Unix milliseconds), so every point of a run is on one clock.
 */
import { EVAL_KEYS, TRAIN_KEYS } from './metric-keys';
import type { MetricPoint } from './metric-series';
import type { EpochEvaluation, GradientSnr, StepMetrics } from './training-report';

export function stepMetricsToPoints(steps: readonly StepMetrics[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const m of steps) {
    const base = { step: m.step, epoch: m.epoch, wallTime: m.wallTime };
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
    if (m.gradientSnr) points.push(...gradientSnrPoints(base, m.gradientSnr));
  }
  return points;
}

/** One point per parameter group; a group without a finite SNR (no weights, or none that moved) has none. */
function gradientSnrPoints(base: Omit<MetricPoint, 'key' | 'value'>, snr: GradientSnr): MetricPoint[] {
  const groups: [string, number | null][] = [
    [TRAIN_KEYS.gradientSnr, snr.all],
    [TRAIN_KEYS.gradientSnrBody, snr.body],
    [TRAIN_KEYS.gradientSnrHeadMu, snr.headMu],
    [TRAIN_KEYS.gradientSnrHeadLogVar, snr.headLogVar],
  ];
  return groups.filter((group): group is [string, number] => group[1] !== null && Number.isFinite(group[1])).map(([key, value]) => ({ ...base, key, value }));
}

/** `wallTime`: Unix milliseconds when the worker finished the evaluation (its report says). */
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
