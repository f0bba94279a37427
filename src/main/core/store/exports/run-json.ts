/**
 * A run and all its metrics as one JSON document, metrics grouped by key in columns. JSON has no NaN
 * or Infinity, so those values are written as the strings "NaN", "Infinity" and "-Infinity"
 * (what Python's json module and JavaScript's Number() both read back).
 */
import type { RunRecord } from '../../../../shared/runs';
import type { SeriesColumns } from './metric-columns';

export type JsonMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

export interface RunJsonExport {
  format: 'vae-workbench.run';
  formatVersion: 1;
  exportedAt: number;
  run: RunRecord;
  metrics: Record<string, { step: number[]; epoch: number[]; wallTime: number[]; value: JsonMetricValue[] }>;
  /** The per-epoch held-out evaluations as stored (KL per dimension and the other per-epoch arrays), ascending by epoch. */
  evaluations?: unknown[];
}

export function runJson(run: RunRecord, series: readonly SeriesColumns[], exportedAt: number = Date.now()): RunJsonExport {
  // A null prototype, so a metric named "__proto__" is just a key.
  const metrics = Object.create(null) as RunJsonExport['metrics'];
  for (const { key, steps, epochs, wallTimes, values } of series) {
    metrics[key] = { step: steps, epoch: epochs, wallTime: wallTimes, value: values.map(jsonMetricValue) };
  }
  return { format: 'vae-workbench.run', formatVersion: 1, exportedAt, run, metrics };
}

export function jsonMetricValue(value: number): JsonMetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}
