/** Finds a run from what a user types: a full id, a unique id prefix, or an exact name. */
import type { RunRecord } from '../../shared/runs';
import type { RunStore } from '../core/store/run-store';
import { CliUsageError } from './cli-usage-error';

export function findRun(store: RunStore, reference: string): RunRecord {
  const exact = store.findRun(reference);
  if (exact) return exact;
  const all = store.listRuns({ limit: 1000 }).runs;
  const matches = all.filter((run) => run.id.startsWith(reference) || run.name === reference);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new CliUsageError(`"${reference}" matches ${matches.length} runs (${matches.slice(0, 3).map((r) => r.id.slice(0, 8)).join(', ')}…); give more of the id`);
  }
  throw new CliUsageError(`no run "${reference}"; \`vae-workbench runs\` lists them`);
}
