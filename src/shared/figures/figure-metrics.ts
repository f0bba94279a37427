/**
 * What a figure writes on an axis for a metric: its name and its unit, so every exported file says
 * what it shows ("Validation ELBO (nats)", not "nats"). Keys not listed get their key as the name.
 */
import { EVAL_KEYS, TRAIN_KEYS } from '../metric-keys';

export interface FigureMetricLabel {
  name: string;
  unit: string | null;
}

const LABELS: Record<string, FigureMetricLabel> = {
  [TRAIN_KEYS.loss]: { name: 'Training loss', unit: 'nats' },
  [TRAIN_KEYS.recon]: { name: 'Training reconstruction', unit: 'nats' },
  [TRAIN_KEYS.kl]: { name: 'Training KL', unit: 'nats' },
  [TRAIN_KEYS.beta]: { name: 'KL weight beta', unit: null },
  [TRAIN_KEYS.gradNorm]: { name: 'Gradient norm', unit: null },
  [TRAIN_KEYS.lr]: { name: 'Learning rate', unit: null },
  [TRAIN_KEYS.samplesPerSec]: { name: 'Throughput', unit: 'samples/s' },
  [TRAIN_KEYS.vqLoss]: { name: 'VQ commitment loss', unit: null },
  [EVAL_KEYS.elbo]: { name: 'Validation ELBO', unit: 'nats' },
  [EVAL_KEYS.recon]: { name: 'Validation reconstruction', unit: 'nats' },
  [EVAL_KEYS.kl]: { name: 'Validation KL', unit: 'nats' },
  [EVAL_KEYS.nll]: { name: 'Validation NLL (IWAE)', unit: 'nats' },
  [EVAL_KEYS.bitsPerDim]: { name: 'Validation NLL', unit: 'bits/dim' },
  [EVAL_KEYS.activeUnits]: { name: 'Active units', unit: 'units' },
  [EVAL_KEYS.mutualInformation]: { name: 'Mutual information', unit: 'nats' },
  [EVAL_KEYS.collapsedDims]: { name: 'Collapsed dimensions', unit: 'units' },
  [EVAL_KEYS.codebookPerplexity]: { name: 'Codebook perplexity', unit: 'codes' },
  [EVAL_KEYS.codebookUsed]: { name: 'Codes used', unit: 'codes' },
};

/** The metrics a curve panel offers, validation first. */
export const FIGURE_METRIC_KEYS: readonly string[] = [...Object.values(EVAL_KEYS), ...Object.values(TRAIN_KEYS)].filter((key) => key in LABELS);

export function figureMetricLabel(key: string): FigureMetricLabel {
  return LABELS[key] ?? { name: key, unit: null };
}

/** "Validation ELBO (nats)". */
export function axisTitle(label: FigureMetricLabel): string {
  return label.unit ? `${label.name} (${label.unit})` : label.name;
}

/** The curve-panel x axes, named with their unit. */
export const X_AXIS_TITLES = { step: 'Step', epoch: 'Epoch', time: 'Time (s)' } as const;
