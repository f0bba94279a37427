/** Cells of the Compare view's tables: which run is best on a metric, and how a config value reads. Pure. */
import type { MetricComparison } from '../../../../shared/runs';

/**
 * Metrics with no "better" end: a lower KL is not a better model (it may be a collapsed one), and β,
 * the learning rate and the gradient norm are settings or symptoms, not scores.
 */
const NO_BEST = new Set(['train/beta', 'train/lr', 'train/kl', 'eval/kl', 'train/grad_norm']);
/** Where the host's name-based rule (lower is better unless listed) gets a metric the wrong way round. */
const HIGHER_IS_BETTER = new Set(['train/samples_per_sec']);

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
  { key: 'eval/elbo', label: 'Held-out ELBO' },
  { key: 'eval/nll', label: 'Held-out NLL (IWAE)' },
  { key: 'eval/kl', label: 'Held-out KL' },
  { key: 'eval/active_units', label: 'Active units' },
  { key: 'eval/mutual_information', label: 'Mutual information' },
];

/** Metric keys in the final-metrics table: the curated ones first, then whatever else the runs logged. */
export function orderMetrics(metrics: readonly MetricComparison[]): MetricComparison[] {
  const rank = (key: string): number => {
    const index = COMPARE_METRICS.findIndex((metric) => metric.key === key);
    return index === -1 ? COMPARE_METRICS.length : index;
  };
  return [...metrics].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}
