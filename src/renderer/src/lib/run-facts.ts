/**
 * What the tables and headers say about a run, read from its record: the summary the host keeps on
 * the row first, the stored config second (a queued run has no summary yet). Pure, unit-tested.
 */
import { validateRunConfig, type RunConfig } from '../../../shared/config';
import type { RunRecord } from '../../../shared/runs';
import { formatMetricValue } from './series/format';

/** The run's config with defaults filled in, or null when the stored JSON is not a valid config. */
export function runConfigOf(run: Pick<RunRecord, 'config'>): RunConfig | null {
  const validation = validateRunConfig(run.config);
  return validation.ok ? validation.config : null;
}

export function datasetLabel(run: Pick<RunRecord, 'dataset' | 'config'>, config = runConfigOf(run)): string {
  if (run.dataset) return run.dataset;
  const spec = config?.data.dataset;
  if (!spec) return '—';
  switch (spec.source) {
    case 'embedded-mnist':
      // The name the worker reports for these digits once the run starts.
      return 'mnist-embedded';
    case 'idx':
      return spec.name;
    case 'image-folder':
      return spec.folder.split(/[\\/]/).filter(Boolean).pop() ?? spec.folder;
  }
}

export function modelLabel(config: RunConfig | null): string {
  if (!config) return '—';
  const { model } = config;
  const kind = model.kind === 'vq-vae' ? 'VQ-VAE' : 'VAE';
  const objective = model.kind === 'vae' && config.objective.kind === 'iwae' ? ` (IWAE K=${config.objective.iwaeK})` : '';
  return `${kind} ${model.architecture} ${model.hidden.join('-')}${objective}`;
}

export function betaOf(run: Pick<RunRecord, 'summary'>, config: RunConfig | null): number | null {
  return run.summary.beta ?? (config && config.model.kind === 'vae' ? config.objective.beta : null);
}

export function latentDimOf(run: Pick<RunRecord, 'summary'>, config: RunConfig | null): number | null {
  return run.summary.latentDim ?? config?.model.latentDim ?? null;
}

/** A metric for a table cell: 4 significant digits, an em dash when missing. */
export function formatCell(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined ? '—' : formatMetricValue(value, digits);
}

export function formatDate(ms: number | null, now = Date.now()): string {
  if (ms === null) return '—';
  const date = new Date(ms);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${time}`;
}

/** Whole seconds as "1h 02m", "3m 05s", "12s". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** Tags typed as "a, b c" → distinct, trimmed, sorted (the host stores them the same way). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((tag) => tag.trim()).filter((tag) => tag.length > 0))].sort();
}

/** Tags known so far plus those of `runs`, distinct and sorted; the same array when nothing is new. */
export function mergeTags(known: readonly string[], runs: readonly { tags: readonly string[] }[]): readonly string[] {
  const tags = new Set(known);
  for (const run of runs) for (const tag of run.tags) tags.add(tag);
  return tags.size === known.length ? known : [...tags].sort();
}

/** Optimizer steps per epoch from a run's summary (a finished run reports no progress), or null. */
export function stepsPerEpochOf(run: Pick<RunRecord, 'summary'>): number | null {
  const { stepsCompleted, epochsCompleted } = run.summary;
  return stepsCompleted && epochsCompleted ? stepsCompleted / epochsCompleted : null;
}
