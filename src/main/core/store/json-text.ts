/**
 * Strict JSON encoding for values the store keeps as JSON text. JSON.stringify silently turns NaN into
 * null and drops undefined fields; stored configs must come back exactly, so those are errors here.
 */
import { badRequest } from './store-errors';

export function toJsonText(value: unknown, what: string): string {
  assertPlainJson(value, what);
  return JSON.stringify(value);
}

function assertPlainJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badRequest(`${path} is ${value}; JSON cannot hold it`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertPlainJson(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) throw badRequest(`${path}.${key} is undefined; JSON cannot hold it`);
      assertPlainJson(item, `${path}.${key}`);
    }
    return;
  }
  throw badRequest(`${path} is a ${describeType(value)}, not a JSON value`);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
