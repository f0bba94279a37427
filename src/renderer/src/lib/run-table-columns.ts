/**
 * Which columns the Runs table shows: the standard ones (each can be hidden) plus any config field
 * or summary metric the user adds. A column is named by an id: a standard id ("elbo"),
 * "config:<dotted path>" or "metric:<summary key>". Pure; the choice itself lives in
 * run-table-columns.svelte.ts.
 */
import { SUMMARY_METRIC_KEYS, type RunRecord, type SummaryMetricKey } from '../../../shared/runs';
import { configRows, configValueAt, formatConfigValue } from './config-rows';
import { RUN_COLUMNS, type RunColumn } from './run-columns';
import { formatCell } from './run-facts';

/** Name and status are how a row is recognised and opened: never hidden. */
export const FIXED_COLUMN_IDS: readonly string[] = ['name', 'status'];

const METRIC_LABELS: Record<SummaryMetricKey, string> = {
  latentDim: 'Latent dims',
  beta: 'β',
  epochsCompleted: 'Epochs',
  stepsCompleted: 'Steps',
  elbo: 'ELBO',
  bestEpoch: 'Best epoch',
  bestElbo: 'Best ELBO',
  testElbo: 'Test ELBO',
  testNll: 'Test NLL',
  testBitsPerDim: 'Test bits/dim',
  nll: 'NLL',
  reconstruction: 'Reconstruction',
  kl: 'KL',
  activeUnits: 'Active units',
  bitsPerDim: 'Bits/dim',
};

export function metricColumnId(key: SummaryMetricKey): string {
  return `metric:${key}`;
}

export function configColumnId(path: string): string {
  return `config:${path}`;
}

/** Summary metrics a column can show (the standard columns already show some of them). */
export const METRIC_CHOICES: readonly { id: string; label: string }[] = SUMMARY_METRIC_KEYS.map((key) => ({ id: metricColumnId(key), label: METRIC_LABELS[key] }));

/** The column for an id, or null for an id that names nothing (a stale choice). */
export function columnFor(id: string): RunColumn | null {
  const standard = RUN_COLUMNS.find((column) => column.id === id);
  if (standard) return standard;
  if (id.startsWith('metric:')) {
    const key = id.slice('metric:'.length) as SummaryMetricKey;
    if (!(SUMMARY_METRIC_KEYS as readonly string[]).includes(key)) return null;
    return { id, label: METRIC_LABELS[key], sort: key, numeric: true, title: `Run summary: ${key}` };
  }
  if (id.startsWith('config:') && id.length > 'config:'.length) {
    const path = id.slice('config:'.length);
    return { id, label: path.split('.').slice(-2).join('.'), title: `Config field ${path}` };
  }
  return null;
}

/** The table's columns in order: fixed, the standard ones not hidden, then the added ones. */
export function visibleColumns(hidden: ReadonlySet<string>, added: readonly string[]): RunColumn[] {
  const standard = RUN_COLUMNS.filter((column) => FIXED_COLUMN_IDS.includes(column.id) || !hidden.has(column.id));
  const extra = added.map(columnFor).filter((column): column is RunColumn => column !== null && !RUN_COLUMNS.includes(column));
  return [...standard, ...extra];
}

/** An added column's cell; standard columns have their own markup in the table. */
export function extraCell(run: RunRecord, id: string): string {
  if (id.startsWith('metric:')) {
    const value = run.summary[id.slice('metric:'.length) as SummaryMetricKey];
    return formatCell(typeof value === 'number' ? value : null);
  }
  if (id.startsWith('config:')) return formatConfigValue(configValueAt(run.config, id.slice('config:'.length)));
  return '—';
}

/** Every config field path the given runs have, sorted, for the "add a column" list. */
export function configPathChoices(runs: readonly RunRecord[]): string[] {
  const paths = new Set<string>();
  for (const run of runs) for (const row of configRows(run.config)) paths.add(row.path);
  return [...paths].sort();
}
