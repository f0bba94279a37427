/**
 * Which configuration values differ between runs: configs are flattened to dotted paths
 * (`model.encoder.hidden[0]`) with scalar or empty-container leaves, and a path is reported when some
 * run lacks it or the runs disagree on its value.
 */
import type { ConfigDifference } from '../../../../shared/runs';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

export function flattenConfig(config: unknown): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value) && value.length > 0) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) visit(item, childPath(path, key));
    } else {
      leaves.set(path === '' ? '(config)' : path, value);
    }
  };
  visit(config, '');
  return leaves;
}

/** `a.b` for identifier keys, `a["odd key"]` otherwise, so every path reads back unambiguously. */
function childPath(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function diffConfigs(configs: readonly unknown[]): ConfigDifference[] {
  const flattened = configs.map(flattenConfig);
  const paths = new Set<string>();
  for (const leaves of flattened) for (const path of leaves.keys()) paths.add(path);
  const differences: ConfigDifference[] = [];
  for (const path of [...paths].sort()) {
    const present = flattened.map((leaves) => leaves.has(path));
    const values = flattened.map((leaves) => (leaves.has(path) ? leaves.get(path) : null));
    const encoded = values.map((value) => JSON.stringify(value));
    const allEqual = present.every(Boolean) && encoded.every((text) => text === encoded[0]);
    if (!allEqual) differences.push({ path, values, present });
  }
  return differences;
}
