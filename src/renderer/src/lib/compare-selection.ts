/**
 * The runs picked for Compare, kept while the table's filters and search change: a run filtered
 * out of view stays selected (and is listed beside the Compare button) until it is unticked or
 * deleted. Pure: the view keeps the map in state and replaces it.
 */
import type { RunRecord } from '../../../shared/runs';

/** Selected run id → its name (to list it while it is filtered out of the table). */
export type CompareSelection = ReadonlyMap<string, string>;

export function toggleSelected(selection: CompareSelection, run: Pick<RunRecord, 'id' | 'name'>): CompareSelection {
  const next = new Map(selection);
  if (next.has(run.id)) next.delete(run.id);
  else next.set(run.id, run.name);
  return next;
}

export function withoutRun(selection: CompareSelection, id: string): CompareSelection {
  if (!selection.has(id)) return selection;
  const next = new Map(selection);
  next.delete(id);
  return next;
}

/** Keeps names current as runs on the page are renamed. */
export function refreshNames(selection: CompareSelection, runs: readonly Pick<RunRecord, 'id' | 'name'>[]): CompareSelection {
  let next: Map<string, string> | null = null;
  for (const run of runs) {
    if (selection.has(run.id) && selection.get(run.id) !== run.name) (next ??= new Map(selection)).set(run.id, run.name);
  }
  return next ?? selection;
}

/** Selected runs the table does not show now (filtered out, or on a later page). */
export function selectedOutOfView(selection: CompareSelection, runs: readonly Pick<RunRecord, 'id'>[]): { id: string; name: string }[] {
  const shown = new Set(runs.map((run) => run.id));
  return [...selection].filter(([id]) => !shown.has(id)).map(([id, name]) => ({ id, name }));
}
