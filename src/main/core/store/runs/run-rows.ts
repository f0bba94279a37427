/** How a run row reads back into a RunRecord; every query that returns runs selects RUN_COLUMNS. */
import type { RunRecord, RunStatus, RunSummary } from '../../../../shared/runs';

/** Columns of `runs AS r`, with the run's tags gathered (sorted) as a JSON array. */
export const RUN_COLUMNS = `
  r.id, r.name, r.status, r.config, r.seed, r.backend, r.device, r.dataset, r.dataset_hash,
  r.created_at, r.started_at, r.ended_at, r.notes, r.error, r.summary,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag)) AS tags`;

export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  config: string;
  seed: number;
  backend: string | null;
  device: string | null;
  dataset: string | null;
  dataset_hash: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  notes: string;
  error: string | null;
  summary: string;
  tags: string;
}

export function runFromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    config: JSON.parse(row.config) as unknown,
    seed: row.seed,
    backend: row.backend,
    device: row.device,
    dataset: row.dataset,
    datasetHash: row.dataset_hash,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    error: row.error,
    summary: JSON.parse(row.summary) as RunSummary,
  };
}
