/** Cells of the Compare view's tables: which run is best on a metric, and how a config value reads. Pure. */
import { parseStoredRunConfig } from '../../../../shared/stored-config';
import { likelihoodAccounting } from '../../../../shared/likelihood-accounting';
import type { MetricComparison, RunRecord } from '../../../../shared/runs';

export interface Comparability {
  comparable: boolean;
  /** Why the held-out numbers of these runs cannot be ranked against each other. */
  reason: string | null;
}

/**
 * Held-out numbers rank only when they measure the same thing: the same data (content hash), the same
 * evaluation split, and reconstruction terms of the same kind (a BCE on grey levels is not an NLL).
 */
export function evaluationComparability(runs: readonly Pick<RunRecord, 'name' | 'config' | 'datasetHash'>[]): Comparability {
  const described = runs.map((run) => {
    try {
      const config = parseStoredRunConfig(run.config);
      const accounting = likelihoodAccounting(config);
      return { name: run.name, data: run.datasetHash ?? '?', split: config.data.validationFraction === 0 ? 'test' : `validation ${config.data.validationFraction.toFixed(4)}`, kind: accounting.comparabilityKey, label: accounting.reconLabel };
    } catch {
      return { name: run.name, data: run.datasetHash ?? '?', split: '?', kind: '?', label: 'an unreadable config' };
    }
  });
  const first = described[0];
  if (!first) return { comparable: true, reason: null };
  const differing = (field: 'data' | 'split' | 'kind') => described.find((d) => d[field] !== first[field]);
  const otherData = differing('data');
  if (otherData) return { comparable: false, reason: `${first.name} and ${otherData.name} were evaluated on different data` };
  const otherSplit = differing('split');
  if (otherSplit) return { comparable: false, reason: `${first.name} and ${otherSplit.name} hold out different validation splits (${first.split} vs ${otherSplit.split})` };
  const otherKind = differing('kind');
  if (otherKind) return { comparable: false, reason: `${first.name} reports ${first.label}, ${otherKind.name} ${otherKind.label}` };
  return { comparable: true, reason: null };
}

/**
 * Metrics with no "better" end: a lower KL is not a better model (it may be a collapsed one), and β,
 * the learning rate and the gradient norm are settings or symptoms, not scores.
 */
const NO_BEST = new Set(['train/beta', 'train/lr', 'train/kl', 'eval/kl', 'train/grad_norm', 'eval/unused_dims', 'eval/collapsed_dims', 'eval/generalization_gap', 'eval/train_subset_elbo']);
/** Where the host's name-based rule (lower is better unless listed) gets a metric the wrong way round. */
const HIGHER_IS_BETTER = new Set(['train/samples_per_sec', 'eval/iwae_bound']);

export function metricDirection(metric: MetricComparison): 'min' | 'max' | null {
  if (NO_BEST.has(metric.key)) return null;
  return HIGHER_IS_BETTER.has(metric.key) ? 'max' : metric.direction;
}

/** Index of the run whose last value is best (by the metric's direction), or null if none is finite, all tie, or no end is better. */
export function bestRunIndex(metric: MetricComparison): number | null {
  const direction = metricDirection(metric);
  if (direction === null) return null;
  let best: number | null = null;
  let bestValue = Number.NaN;
  let distinct = false;
  metric.runs.forEach((stats, index) => {
    const value = stats?.last;
    if (value === undefined || !Number.isFinite(value)) return;
    if (best !== null && value !== bestValue) distinct = true;
    const better = best === null || (direction === 'max' ? value > bestValue : value < bestValue);
    if (better) {
      best = index;
      bestValue = value;
    }
  });
  return distinct ? best : null;
}

export function formatConfigValue(value: unknown, present: boolean): string {
  if (!present) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The metrics the Compare view can overlay, in menu order. */
export const COMPARE_METRICS: readonly { key: string; label: string }[] = [
  { key: 'train/loss', label: 'Training loss' },
  { key: 'train/recon', label: 'Training reconstruction' },
  { key: 'train/kl', label: 'Training KL' },
  { key: 'train/beta', label: 'β' },
  { key: 'eval/elbo', label: 'Held-out ELBO (validation)' },
  { key: 'eval/nll', label: 'Held-out NLL bound (IWAE; likelihoods only)' },
  { key: 'eval/iwae_bound', label: 'Held-out IWAE bound' },
  { key: 'eval/kl', label: 'Held-out KL' },
  { key: 'eval/active_units', label: 'Active units' },
  { key: 'eval/mutual_information', label: 'Mutual information' },
  { key: 'eval/marginal_kl', label: 'Marginal KL' },
  { key: 'eval/generalization_gap', label: 'Generalisation gap' },
];

/** Metric keys in the final-metrics table: the curated ones first, then whatever else the runs logged. */
export function orderMetrics(metrics: readonly MetricComparison[]): MetricComparison[] {
  const rank = (key: string): number => {
    const index = COMPARE_METRICS.findIndex((metric) => metric.key === key);
    return index === -1 ? COMPARE_METRICS.length : index;
  };
  return [...metrics].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}
