/** CSV and JSON exports parse back to the numbers that were logged. */
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../../src/shared/runs';
import { defined, freshStore, sampleRun } from './store-fixtures';

/** RFC 4180 parsing, enough for the export: quoted fields with doubled quotes and embedded commas. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

/** What pandas' float parser does with the export's tokens. */
function pandasFloat(token: string): number {
  if (token === 'nan') return Number.NaN;
  if (token === 'inf') return Number.POSITIVE_INFINITY;
  if (token === '-inf') return Number.NEGATIVE_INFINITY;
  expect(token).toMatch(/^-?\d+(\.\d+)?(e[+-]\d+)?$/);
  return Number(token);
}

function loggedPoints(): MetricPoint[] {
  const values = [0.1, -2.5e-9, 1e21, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1 / 3, 123456789.123, 0];
  return [
    ...values.map((value, index) => ({ key: 'train/loss', step: index * 3, epoch: index / 4, wallTime: 1_712_345_678_123 + index * 1001, value })),
    ...values.slice(0, 3).map((value, index) => ({ key: 'odd, "key"', step: index, epoch: 0, wallTime: 1_712_345_678_000 + index, value })),
  ];
}

describe('exports', () => {
  it('writes long-form CSV that parses back to the same numbers', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const points = loggedPoints();
    store.appendMetrics(run.id, points);
    const rows = parseCsv(store.exportMetricsCsv(run.id));
    expect(rows[0]).toEqual(['run', 'key', 'step', 'epoch', 'time', 'value']);
    const parsed = rows.slice(1).map((row) => {
      expect(row).toHaveLength(6);
      const [runId, key, step, epoch, time, value] = row.map((field) => defined(field));
      expect(runId).toBe(run.id);
      return { key, step: pandasFloat(step ?? ''), epoch: pandasFloat(epoch ?? ''), wallTime: Math.round(pandasFloat(time ?? '') * 1000), value: pandasFloat(value ?? '') };
    });
    const expected = [...points].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.step - b.step));
    expect(parsed).toEqual(expected);
    expect(rows[1]?.[4]).toBe('1712345678');
  });

  it('writes the run and its metrics as JSON with non-finite values spelled out', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun({ tags: ['x'] }));
    store.appendMetrics(run.id, loggedPoints());
    const exported = JSON.parse(JSON.stringify(store.exportRunJson(run.id))) as ReturnType<typeof store.exportRunJson>;
    expect(exported).toMatchObject({ format: 'vae-workbench.run', formatVersion: 1, run: { id: run.id, tags: ['x'] } });
    expect(exported.metrics['train/loss']?.value).toEqual([0.1, -2.5e-9, 1e21, 'NaN', 'Infinity', '-Infinity', 1 / 3, 123456789.123, 0]);
    expect(exported.metrics['train/loss']?.value.map(Number)).toEqual(loggedPoints().slice(0, 9).map((point) => point.value));
    expect(exported.metrics['train/loss']?.epoch).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    expect(Object.keys(exported.metrics)).toEqual(['odd, "key"', 'train/loss']);
  });
});
