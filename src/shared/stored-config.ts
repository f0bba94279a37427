/**
 * A run's config as the store holds it. Runs recorded before the validation split have no
 * `data.validationFraction`: they trained on the whole training set and evaluated on the test set,
 * so they read as 0, not as today's default, or a resumed run would train on fewer images than it
 * started with, and a doctor or sweep from it would change its data.
 */
import { parseRunConfig, type RunConfig } from './config';

export function withStoredDefaults(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return stored;
  const record = stored as { data?: unknown };
  const data = typeof record.data === 'object' && record.data !== null && !Array.isArray(record.data) ? (record.data as Record<string, unknown>) : {};
  if ('validationFraction' in data) return stored;
  return { ...record, data: { ...data, validationFraction: 0 } };
}

export function parseStoredRunConfig(stored: unknown): RunConfig {
  return parseRunConfig(withStoredDefaults(stored));
}
