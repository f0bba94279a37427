/**
 * createRun's config: a preset, a full config, or a preset with overrides (deep-merged), validated
 * with the shared schema so every bad field is reported with its path; and the run's name and
 * summary before it has trained.
 */
import { PRESETS, validateRunConfig, type PresetName, type RunConfig } from '../../../shared/config';
import { WorkbenchError } from '../../../shared/errors';
import type { RunSummary } from '../../../shared/runs';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars in `override` replace the base value. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

export function resolveRunConfig(preset: PresetName | undefined, overrides: unknown): RunConfig {
  const base = preset ? PRESETS[preset].config : {};
  // A data.dataset override replaces the preset's dataset whole: merging two different sources
  // (idx + image-folder fields) would produce a spec that is neither.
  let input = deepMerge(base, overrides);
  if (isPlainObject(overrides) && isPlainObject(overrides.data) && overrides.data.dataset !== undefined && isPlainObject(input)) {
    const data = input.data as Record<string, unknown>;
    input = { ...input, data: { ...data, dataset: overrides.data.dataset } };
  }
  const validation = validateRunConfig(input);
  if (!validation.ok) {
    throw new WorkbenchError({
      code: 'BAD_REQUEST',
      message: `invalid run config: ${validation.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      issues: validation.issues,
    });
  }
  return validation.config;
}

export function defaultRunName(preset: PresetName | undefined, config: RunConfig, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ');
  const model = config.model.kind === 'vq-vae' ? 'vq-vae' : `${config.model.architecture} z${config.model.latentDim}`;
  return `${preset ?? model} · ${stamp}`;
}

/** What a new run's summary shows before its first evaluation. */
export function initialSummary(config: RunConfig): RunSummary {
  return {
    model: config.model.kind === 'vq-vae' ? 'vq' : config.model.architecture,
    latentDim: config.model.latentDim,
    beta: config.model.kind === 'vq-vae' ? null : config.objective.beta,
    epochsCompleted: 0,
    stepsCompleted: 0,
  };
}
