/**
 * JSON for the WebSocket and HTTP transports, keeping NaN and ±Infinity: a diverging run's loss is
 * NaN, and plain JSON would turn it into null. Non-finite numbers travel as tagged strings that no
 * ordinary value uses. (Electron IPC uses structured clone and needs none of this.)
 */
const TAG = '\u0000num:';
const ENCODED: Record<string, number> = { [`${TAG}NaN`]: NaN, [`${TAG}Infinity`]: Infinity, [`${TAG}-Infinity`]: -Infinity };

export function toWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${TAG}${String(v)}` : v));
}

export function fromWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(TAG) && v in ENCODED ? ENCODED[v] : v));
}
