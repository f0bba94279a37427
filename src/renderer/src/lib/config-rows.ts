/**
 * A run config as rows of dotted path and value ("model.hidden" → "400, 200"): what the run page's
 * config panel lists, and the config fields the runs table can show as columns. Pure.
 */

export interface ConfigRow {
  /** Dotted path, e.g. "optim.lr" or "data.dataset.name". */
  path: string;
  value: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A leaf as a person reads it: lists comma-separated, numbers as JavaScript prints them. */
export function formatConfigValue(value: unknown): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) return value.map(formatConfigValue).join(', ');
  if (isPlainObject(value)) return JSON.stringify(value);
  return String(value);
}

/** Every leaf of the config, depth first in the config's own key order. */
export function configRows(config: unknown, prefix = ''): ConfigRow[] {
  if (!isPlainObject(config)) return prefix ? [{ path: prefix, value: formatConfigValue(config) }] : [];
  return Object.entries(config).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(value) ? configRows(value, path) : [{ path, value: formatConfigValue(value) }];
  });
}

/** The value at a dotted path, or undefined where the config has none (another model kind, a dataset source). */
export function configValueAt(config: unknown, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Rows grouped by their first path segment (data, model, objective, optim, eval, the rest under "run"). */
export function configSections(config: unknown): { section: string; rows: ConfigRow[] }[] {
  const sections = new Map<string, ConfigRow[]>();
  for (const row of configRows(config)) {
    const dot = row.path.indexOf('.');
    const section = dot < 0 ? 'run' : row.path.slice(0, dot);
    const rows = sections.get(section) ?? [];
    rows.push({ path: dot < 0 ? row.path : row.path.slice(dot + 1), value: row.value });
    sections.set(section, rows);
  }
  return [...sections].map(([section, rows]) => ({ section, rows }));
}
