/**
 * The experiment view's numbers, from an ExperimentDetail: one row per run of its final validation
 * evaluation, replicates over seeds as mean ± sd per epoch, and a changed config field against a
 * metric. Pure, unit-tested.
 */
import type { ExperimentDetail } from '../../../../shared/experiments/experiment-types';
import type { RunStatus } from '../../../../shared/runs';
import type { EpochEvaluation } from '../../../../shared/training-report';

export interface ExperimentMetric {
  key: 'elbo' | 'mi' | 'kl' | 'active' | 'unused' | 'iwae';
  label: string;
  /** Higher is better, lower is better, or neither (KL, unused dimensions are not scores). */
  direction: 'max' | 'min' | null;
  read: (evaluation: EpochEvaluation) => number | null;
}

export const EXPERIMENT_METRICS: readonly ExperimentMetric[] = [
  { key: 'mi', label: 'I(x; z), nats', direction: 'max', read: (e) => e.mutualInformation },
  { key: 'elbo', label: 'ELBO, nats', direction: 'max', read: (e) => e.elbo },
  { key: 'kl', label: 'KL, nats', direction: null, read: (e) => e.kl },
  { key: 'active', label: 'Active units', direction: 'max', read: (e) => e.activeUnits.count },
  { key: 'unused', label: 'Unused dims', direction: null, read: (e) => e.verdict?.unusedCount ?? null },
  { key: 'iwae', label: 'IWAE bound, nats', direction: 'max', read: (e) => e.iwae?.bound ?? null },
];

export interface ExperimentRow {
  runId: string;
  name: string;
  variant: string;
  replicate: number;
  isControl: boolean;
  status: RunStatus;
  epoch: number | null;
  split: string | null;
  values: Record<ExperimentMetric['key'], number | null>;
}

export function experimentRows(detail: ExperimentDetail): ExperimentRow[] {
  const runs = new Map(detail.runs.map((run) => [run.id, run]));
  return detail.experiment.members.flatMap((member) => {
    const run = runs.get(member.runId);
    if (!run) return [];
    const last = detail.evaluations[member.runId]?.at(-1) ?? null;
    const values = Object.fromEntries(EXPERIMENT_METRICS.map((m) => [m.key, last ? m.read(last) : null])) as ExperimentRow['values'];
    return [{ runId: run.id, name: run.name, variant: member.variant, replicate: member.replicate, isControl: member.isControl, status: run.status, epoch: last?.epoch ?? null, split: last?.split ?? null, values }];
  });
}

export function sortRows(rows: readonly ExperimentRow[], key: ExperimentMetric['key'] | 'variant', order: 'asc' | 'desc'): ExperimentRow[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'variant') return sign * a.variant.localeCompare(b.variant) || a.replicate - b.replicate;
    const [x, y] = [a.values[key], b.values[key]];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
}

export interface ReplicateBand {
  variant: string;
  epochs: number[];
  mean: number[];
  /** Sample sd over the replicates that reached the epoch (0 with one). */
  sd: number[];
  replicates: number;
}

export function replicateBands(detail: ExperimentDetail, metric: ExperimentMetric): ReplicateBand[] {
  const byVariant = new Map<string, EpochEvaluation[][]>();
  for (const member of detail.experiment.members) {
    const evaluations = detail.evaluations[member.runId] ?? [];
    byVariant.set(member.variant, [...(byVariant.get(member.variant) ?? []), evaluations]);
  }
  return [...byVariant.entries()].map(([variant, replicates]) => {
    const epochs = [...new Set(replicates.flatMap((list) => list.map((e) => e.epoch)))].sort((a, b) => a - b);
    const mean: number[] = [];
    const sd: number[] = [];
    for (const epoch of epochs) {
      const values = replicates.flatMap((list) => {
        const found = list.find((e) => e.epoch === epoch);
        const value = found ? metric.read(found) : null;
        return value === null ? [] : [value];
      });
      const m = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
      mean.push(m);
      sd.push(values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1)) : 0);
    }
    return { variant, epochs, mean, sd, replicates: replicates.length };
  });
}

/** Config fields the experiment varied (from its members' changes), for the scatter's x axis. */
export function changedFields(detail: ExperimentDetail): string[] {
  return [...new Set(detail.experiment.members.flatMap((m) => Object.keys(m.change)))].sort();
}

export interface FieldPoint {
  variant: string;
  /** The field's value as a number (booleans 0/1); non-numeric values are placed by their order of appearance. */
  x: number;
  xLabel: string;
  y: number;
}

export function fieldScatter(detail: ExperimentDetail, field: string, metric: ExperimentMetric): { points: FieldPoint[]; categories: string[] | null } {
  const labels: string[] = [];
  const raw = detail.experiment.members.map((member) => {
    const value = member.change[field];
    const label = typeof value === 'string' ? value : JSON.stringify(value ?? 'base');
    if (!labels.includes(label)) labels.push(label);
    const last = detail.evaluations[member.runId]?.at(-1);
    return { member, value, label, y: last ? metric.read(last) : null };
  });
  const numeric = raw.every((r) => typeof r.value === 'number');
  const points = raw.flatMap((r) => (r.y === null ? [] : [{ variant: r.member.variant, x: numeric ? (r.value as number) : labels.indexOf(r.label), xLabel: r.label, y: r.y }]));
  return { points, categories: numeric ? null : labels };
}
