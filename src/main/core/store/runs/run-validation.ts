/** Checks and normalises what callers hand the store about a run, with errors that name the field. */
import {
  isRunStatus,
  SUMMARY_METRIC_KEYS,
  type RunEnvironment,
  type RunStatus,
  type RunSummary,
} from '../../../../shared/runs';
import { badRequest } from '../store-errors';

export const MAX_NAME_LENGTH = 200;
export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS = 64;

export function validName(name: unknown): string {
  if (typeof name !== 'string') throw badRequest('run name must be a string');
  const trimmed = name.trim();
  if (trimmed.length === 0) throw badRequest('run name must not be empty');
  if (trimmed.length > MAX_NAME_LENGTH) throw badRequest(`run name is longer than ${MAX_NAME_LENGTH} characters`);
  return trimmed;
}

export function validStatus(status: unknown): RunStatus {
  if (!isRunStatus(status)) throw badRequest(`unknown run status ${JSON.stringify(status)}`);
  return status;
}

export function validSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw badRequest(`seed must be an integer, got ${String(seed)}`);
  return seed;
}

export function validTimestamp(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`${what} must be a finite number of ms, got ${String(value)}`);
  return value;
}

/** Trimmed, distinct and sorted, so equal tag sets compare equal. */
export function normalizeTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw badRequest('tags must be an array of strings');
  const distinct = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== 'string') throw badRequest(`tag ${JSON.stringify(tag)} is not a string`);
    const trimmed = tag.trim();
    if (trimmed.length === 0) continue;
    if (trimmed.length > MAX_TAG_LENGTH) throw badRequest(`tag "${trimmed.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`);
    distinct.add(trimmed);
  }
  if (distinct.size > MAX_TAGS) throw badRequest(`a run carries at most ${MAX_TAGS} tags, got ${distinct.size}`);
  return [...distinct].sort();
}

export function validText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw badRequest(`${what} must be a string`);
  return value;
}

export function validOptionalText(value: unknown, what: string): string | null {
  if (value === null || value === undefined) return null;
  return validText(value, what);
}

/** Only the documented summary fields; non-finite numbers become null (JSON has no NaN). */
export function normalizeSummary(summary: unknown): RunSummary {
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) {
    throw badRequest('summary must be an object');
  }
  const numericKeys: readonly string[] = SUMMARY_METRIC_KEYS;
  const normalized: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (value === undefined) continue;
    if (key === 'model') {
      if (typeof value !== 'string') throw badRequest('summary.model must be a string');
      normalized[key] = value;
    } else if (key === 'evaluationSplit') {
      if (value !== 'validation' && value !== 'test') throw badRequest('summary.evaluationSplit must be "validation" or "test"');
      normalized[key] = value;
    } else if (numericKeys.includes(key)) {
      if (value !== null && typeof value !== 'number') throw badRequest(`summary.${key} must be a number or null`);
      normalized[key] = value !== null && Number.isFinite(value) ? value : null;
    } else {
      throw badRequest(`unknown summary field "${key}" (known: model, evaluationSplit, ${SUMMARY_METRIC_KEYS.join(', ')})`);
    }
  }
  return normalized as RunSummary;
}

/** The environment fields the caller gave (undefined means "leave as is"), validated. */
export function validEnvironment(environment: RunEnvironment): RunEnvironment {
  const valid: RunEnvironment = {};
  for (const field of ['backend', 'device', 'dataset', 'datasetHash'] as const) {
    if (environment[field] !== undefined) valid[field] = validOptionalText(environment[field], field);
  }
  return valid;
}
