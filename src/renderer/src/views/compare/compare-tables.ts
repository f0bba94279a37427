/** Cells of the Compare view's tables: which run is best on a metric, and how a config value reads. Pure. */
import { parseStoredRunConfig } from '../../../../shared/stored-config';
import { likelihoodAccounting } from '../../../../shared/likelihood-accounting';
import { METRIC_CATALOGUE, type MetricInfo } from '../../../../shared/metric-keys';
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

/** Index of the run whose last value is best (by the metric's direction), or null if none is finite, all tie, or no end is better. */
export function bestRunIndex(metric: MetricComparison): number | null {
  const direction = metric.direction;
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
export const COMPARE_METRICS: readonly MetricInfo[] = METRIC_CATALOGUE.filter((metric) => metric.shownIn.includes('compare'));

/** Metric keys in the final-metrics table: the curated ones first, then whatever else the runs logged. */
export function orderMetrics(metrics: readonly MetricComparison[]): MetricComparison[] {
  const rank = (key: string): number => {
    const index = COMPARE_METRICS.findIndex((metric) => metric.key === key);
    return index === -1 ? COMPARE_METRICS.length : index;
  };
  return [...metrics].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}
