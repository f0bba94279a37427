/**
 * The per-epoch arrays of a run's stored evaluations (KL per dimension, posterior-mean variances,
 * active and collapsed flags, …) as series, so the CSV and JSON exports hold everything a KL figure
 * is drawn from. An array at path a.b of the evaluation becomes keys `eval/a/b/<index>` (snake_case),
 * one point per evaluated epoch; booleans are written as 0 and 1.
 */
import type { SeriesColumns } from './metric-columns';

/** The snapshot kind the host stores per-epoch evaluations under. */
export const EVALUATION_SNAPSHOT_KIND = 'evaluation';

export interface StoredEvaluation {
  epoch: number;
  /** Milliseconds since the Unix epoch, when it was stored. */
  createdAt: number;
  data: unknown;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export function evaluationArraySeries(evaluations: readonly StoredEvaluation[]): SeriesColumns[] {
  const byKey = new Map<string, SeriesColumns>();
  for (const evaluation of [...evaluations].sort((a, b) => a.epoch - b.epoch)) {
    const step = stepOf(evaluation.data);
    for (const [path, values] of numericArrays(evaluation.data, [])) {
      values.forEach((value, index) => {
        const key = `eval/${path.map(snake).join('/')}/${index}`;
        let series = byKey.get(key);
        if (!series) {
          series = { key, steps: [], epochs: [], wallTimes: [], values: [] };
          byKey.set(key, series);
        }
        series.steps.push(step);
        series.epochs.push(evaluation.epoch);
        series.wallTimes.push(evaluation.createdAt);
        series.values.push(value);
      });
    }
  }
  return [...byKey.values()];
}

function stepOf(data: unknown): number {
  const step = typeof data === 'object' && data !== null ? (data as { step?: unknown }).step : undefined;
  return typeof step === 'number' ? step : 0;
}

/** Every array of numbers or booleans inside `value`, with its path of object keys. */
function* numericArrays(value: unknown, path: string[]): Generator<[string[], number[]]> {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => typeof item === 'number' || typeof item === 'boolean')) {
      yield [path, value.map((item: number | boolean) => (typeof item === 'boolean' ? Number(item) : item))];
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) yield* numericArrays(item, [...path, key]);
}
