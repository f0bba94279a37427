/** The Runs table's columns and how a header click changes the (server-side) sort. Pure. */
import type { RunSortKey, SortOrder } from '../../../shared/runs';

export interface RunColumn {
  id: string;
  label: string;
  /** The host's sort key, when the column can be sorted. */
  sort?: RunSortKey;
  numeric?: boolean;
  title?: string;
}

export const RUN_COLUMNS: readonly RunColumn[] = [
  { id: 'name', label: 'Name', sort: 'name' },
  { id: 'status', label: 'Status', sort: 'status' },
  { id: 'dataset', label: 'Dataset' },
  { id: 'model', label: 'Model' },
  { id: 'beta', label: 'β', sort: 'beta', numeric: true, title: 'KL weight at the end of the run' },
  { id: 'latent', label: 'Latent', sort: 'latentDim', numeric: true, title: 'Latent dimensions' },
  { id: 'elbo', label: 'ELBO', sort: 'elbo', numeric: true, title: 'ELBO of the latest per-epoch evaluation, nats per example (higher is better), on the validation split (test for runs without one)' },
  { id: 'nll', label: 'NLL', sort: 'nll', numeric: true, title: 'Upper bound on the NLL from the IWAE bound, nats per example (lower is better); empty where the reconstruction term is not a likelihood (e.g. BCE on grey levels)' },
  { id: 'active', label: 'Active units', sort: 'activeUnits', numeric: true, title: 'Latent dimensions in use' },
  { id: 'created', label: 'Created', sort: 'createdAt' },
  { id: 'tags', label: 'Tags' },
];

/** First click on a column: best first for metrics (highest ELBO, lowest NLL), newest first for dates. */
const FIRST_ORDER: Partial<Record<RunSortKey, SortOrder>> = {
  createdAt: 'desc',
  elbo: 'desc',
  activeUnits: 'desc',
  epochsCompleted: 'desc',
  stepsCompleted: 'desc',
};

export interface RunSort {
  key: RunSortKey;
  order: SortOrder;
}

export const DEFAULT_SORT: RunSort = { key: 'createdAt', order: 'desc' };

export function nextSort(current: RunSort, key: RunSortKey): RunSort {
  if (current.key === key) return { key, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { key, order: FIRST_ORDER[key] ?? 'asc' };
}

export function ariaSort(current: RunSort, column: RunColumn): 'ascending' | 'descending' | 'none' | undefined {
  if (!column.sort) return undefined;
  if (column.sort !== current.key) return 'none';
  return current.order === 'asc' ? 'ascending' : 'descending';
}
