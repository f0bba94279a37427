/**
 * The NaN/Inf guard: finds the first non-finite quantity in a window of step metrics (and, when
 * asked, in the parameters) and turns it into a diagnosis a researcher can act on.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { NonFiniteQuantity, StepMetrics, TrainingFailure } from '../../shared/training-report';
import type { ParameterSet } from '../models/parameters';

/** Order in which a step computes them: the first non-finite one is the closest to the cause. */
const CAUSAL_ORDER: Exclude<NonFiniteQuantity, 'parameter'>[] = ['kl', 'recon', 'vqLoss', 'loss', 'gradNorm'];

export interface NonFiniteFinding {
  step: number;
  epoch: number;
  quantity: Exclude<NonFiniteQuantity, 'parameter'>;
  value: number;
}

export function firstNonFiniteMetric(steps: StepMetrics[]): NonFiniteFinding | null {
  for (const metrics of steps) {
    for (const quantity of CAUSAL_ORDER) {
      const value = metrics[quantity];
      if (value !== null && !Number.isFinite(value)) return { step: metrics.step, epoch: metrics.epoch, quantity, value };
    }
  }
  return null;
}

/** Name of the first parameter (in model order) holding a NaN or ±Inf, or null; one read-back. */
export async function firstNonFiniteParameter(parameters: ParameterSet): Promise<string | null> {
  if (parameters.entries.length === 0) return null;
  const flags = tf.tidy(() => tf.stack(parameters.entries.map(({ variable }) => tf.all(tf.isFinite(variable)).toInt())));
  const values = await flags.data();
  flags.dispose();
  const index = values.findIndex((ok) => ok === 0);
  return index === -1 ? null : (parameters.entries[index]?.name ?? null);
}

const QUANTITY_LABEL: Record<NonFiniteQuantity, string> = {
  kl: 'the KL term',
  recon: 'the reconstruction term',
  vqLoss: 'the VQ codebook/commitment loss',
  loss: 'the loss',
  gradNorm: 'the gradient norm',
  parameter: 'a parameter',
};

export function diagnoseNonFinite(
  finding: { step: number; epoch: number; quantity: NonFiniteQuantity; value: number | null },
  brokenParameter: string | null,
  config: RunConfig,
): TrainingFailure {
  const { optim, model } = config;
  const lowerLr = lowerLearningRate(optim.lr, optim.gradClipNorm);
  const clamp = 'enable the log-variance clamp (optim.logVarClamp = true) so exp(log σ²) cannot overflow';
  const clip = 'clip gradients (optim.gradClipNorm, e.g. 100)';
  const candidates: string[] = [];
  // A learning rate far above Adam's usual range is the cause whatever overflowed first.
  if (optim.lr > 0.01) candidates.push(lowerLr);
  if (finding.quantity === 'kl' && !optim.logVarClamp) candidates.push(clamp);
  if (finding.quantity === 'gradNorm' && optim.gradClipNorm === null) candidates.push(clip);
  if (finding.quantity === 'recon' && model.likelihood === 'gaussian' && model.gaussianSigma === 'learned') {
    candidates.push('fix the Gaussian σ (model.gaussianSigma = 0.1): a learned σ can shrink until the density overflows');
  }
  candidates.push(lowerLr);
  if (!optim.logVarClamp) candidates.push(clamp);
  if (optim.gradClipNorm === null) candidates.push(clip);
  const suggestions = [...new Set(candidates)];
  const what = finding.value === null ? QUANTITY_LABEL[finding.quantity] : `${QUANTITY_LABEL[finding.quantity]} became ${String(finding.value)}`;
  const parameterNote = brokenParameter === null ? '' : `; parameter "${brokenParameter}" now holds non-finite values`;
  const diagnosis = `Training stopped at step ${finding.step} (epoch ${finding.epoch + 1}): ${what}${parameterNote}. Likely fix: ${suggestions[0]}.`;
  return {
    kind: 'non-finite',
    step: finding.step,
    epoch: finding.epoch,
    quantity: finding.quantity,
    parameter: brokenParameter,
    diagnosis,
    suggestions,
  };
}

/** Adam's usual range for VAEs: a rate far above it is brought back into it, not just divided by ten. */
const SENSIBLE_LR = 1e-3;
const HIGH_LR = 0.01;

function lowerLearningRate(lr: number, gradClipNorm: number | null): string {
  if (lr <= HIGH_LR) return `lower the learning rate (optim.lr = ${lr}; try ${formatNumber(lr / 10)})`;
  const clipping = gradClipNorm === null ? ' and clip gradients (optim.gradClipNorm, e.g. 100)' : '';
  return `lower the learning rate (optim.lr = ${lr}; try ${formatNumber(SENSIBLE_LR)}, Adam's usual range is 1e-4 to 1e-3)${clipping}`;
}

function formatNumber(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
