import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../src/shared/config';
import type { RunRecord } from '../../../../src/shared/runs';
import { refreshNames, selectedOutOfView, toggleSelected, withoutRun } from '../../../../src/renderer/src/lib/compare-selection';
import { columnFor, configColumnId, configPathChoices, extraCell, metricColumnId, visibleColumns } from '../../../../src/renderer/src/lib/run-table-columns';

const run = (id: string, name: string, extra: Partial<RunRecord> = {}) => ({ id, name, config: PRESETS['mnist-2d'].config, summary: {}, ...extra }) as unknown as RunRecord;

describe('the Compare selection', () => {
  it('keeps runs a filter hides, and lists them', () => {
    const a = run('a', 'alpha');
    const b = run('b', 'beta');
    let selection = toggleSelected(new Map(), a);
    selection = toggleSelected(selection, b);
    // A search now shows only b: a is still selected, and shown as out of view.
    expect([...selection.keys()]).toEqual(['a', 'b']);
    expect(selectedOutOfView(selection, [b])).toEqual([{ id: 'a', name: 'alpha' }]);
    expect(selectedOutOfView(selection, [a, b])).toEqual([]);
    selection = toggleSelected(selection, b);
    expect([...selection.keys()]).toEqual(['a']);
    expect([...withoutRun(selection, 'a').keys()]).toEqual([]);
    expect(refreshNames(selection, [run('a', 'renamed')]).get('a')).toBe('renamed');
    expect(refreshNames(selection, [a])).toBe(selection);
  });
});

describe('configurable Runs table columns', () => {
  it('hides standard columns but never name or status, and appends added ones', () => {
    const ids = visibleColumns(new Set(['dataset', 'name', 'tags']), [configColumnId('optim.lr'), metricColumnId('bestElbo'), 'bogus']).map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual(['name', 'status']);
    expect(ids).not.toContain('dataset');
    expect(ids).not.toContain('tags');
    expect(ids.slice(-2)).toEqual(['config:optim.lr', 'metric:bestElbo']);
  });

  it('shows any config field or summary metric, and metric columns sort on the host', () => {
    const r = run('a', 'alpha', { summary: { bestElbo: -101.234567 } } as Partial<RunRecord>);
    expect(extraCell(r, configColumnId('model.latentDim'))).toBe('2');
    expect(extraCell(r, configColumnId('model.hidden'))).toBe('400');
    expect(extraCell(r, configColumnId('model.nothing'))).toBe('—');
    expect(extraCell(r, metricColumnId('bestElbo'))).toBe('-101.2');
    expect(extraCell(r, metricColumnId('testNll'))).toBe('—');
    expect(columnFor(metricColumnId('bestElbo'))).toMatchObject({ sort: 'bestElbo', numeric: true, label: 'Best ELBO' });
    expect(columnFor(configColumnId('objective.klSchedule.kind'))?.label).toBe('klSchedule.kind');
    expect(configPathChoices([r])).toContain('optim.lr');
  });
});
