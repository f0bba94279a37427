/**
 * Dotted paths into a run config ("objective.beta", "model.hidden"): read, write, and check that a
 * path names a field the config has. Pure; the sweep and the doctor change configs only through these.
 */
import type { RunConfig } from '../config';

type Json = Record<string, unknown>;

export function readPath(config: unknown, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** A copy of `config` with `path` set to `value`; the path must already exist (a field of the schema). */
export function withPath<T>(config: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = structuredClone(config) as Json;
  let node: Json = copy;
  keys.slice(0, -1).forEach((key) => {
    node = node[key] as Json;
  });
  node[keys[keys.length - 1] as string] = structuredClone(value);
  return copy as T;
}

/** Null when `path` names a field of a parsed config, else why not. */
export function pathProblem(config: RunConfig, path: string): string | null {
  if (!/^[a-zA-Z]+(\.[a-zA-Z]+)*$/.test(path)) return `"${path}" is not a dotted config path such as objective.beta`;
  const keys = path.split('.');
  let node: unknown = config;
  for (const [index, key] of keys.entries()) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, key)) {
      const parent = keys.slice(0, index).join('.') || 'the config';
      const known = typeof node === 'object' && node !== null && !Array.isArray(node) ? Object.keys(node).join(', ') : 'nothing below it';
      return `"${path}" is not a config field: ${parent} has ${known}`;
    }
    node = (node as Json)[key];
  }
  return null;
}
