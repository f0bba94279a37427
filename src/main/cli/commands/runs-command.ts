/** `vae-workbench runs [--json]`: the run history, newest first. */
import type { RunRecord } from '../../../shared/runs';
import { resolve } from 'node:path';
import { defaultDataDir } from '../../core/data-dir';
import { HostRegistry } from '../../core/host-registry';
import { showDeadHostRunsInterrupted } from '../../core/runs/dead-host-runs';
import { openCliHost } from '../cli-host';

function fmt(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

export function formatRunTable(runs: RunRecord[]): string {
  const header = ['ID', 'NAME', 'STATUS', 'DATASET', 'MODEL', 'β', 'Z', 'ELBO', 'NLL', 'ACTIVE', 'CREATED'];
  const rows = runs.map((run) => [
    run.id.slice(0, 8),
    run.name.length > 32 ? `${run.name.slice(0, 31)}…` : run.name,
    run.status,
    run.dataset ?? '–',
    run.summary.model ?? '–',
    fmt(run.summary.beta, 2),
    String(run.summary.latentDim ?? '–'),
    fmt(run.summary.elbo),
    fmt(run.summary.nll),
    run.summary.activeUnits == null ? '–' : `${run.summary.activeUnits}/${run.summary.latentDim ?? '?'}`,
    new Date(run.createdAt).toISOString().slice(0, 16).replace('T', ' '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

export async function runRunsCommand(args: { json?: boolean | undefined; dataDir?: string | undefined }): Promise<number> {
  const services = openCliHost(args.dataDir, false);
  try {
    const listed = services.store.listRuns({ limit: 1000 });
    const total = listed.total;
    // This command registers no host, so any live host on the folder is another process.
    const anyHostAlive = new HostRegistry(resolve(args.dataDir ?? defaultDataDir())).otherLiveHosts().length > 0;
    const runs = showDeadHostRunsInterrupted(listed.runs, anyHostAlive);
    if (args.json) {
      for (const run of runs) process.stdout.write(`${JSON.stringify(run)}\n`);
    } else if (runs.length === 0) {
      process.stdout.write('No runs yet. Start one with `vae-workbench train` or in the app.\n');
    } else {
      process.stdout.write(`${formatRunTable(runs)}\n${total > runs.length ? `(${total - runs.length} more)\n` : ''}`);
    }
    return 0;
  } finally {
    await services.close();
  }
}
