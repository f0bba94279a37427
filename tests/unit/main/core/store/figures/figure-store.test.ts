/**
 * A figure is a saved spec: it round-trips through the store (and a reopened database), is found by
 * name or id and is edited in place. (The CLI's headless render: tests/unit/main/cli/commands.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../../../../../../src/main/core/store';
import { parseFigureSpec } from '../../../../../../src/shared/figures/figure-spec';
import { freshStore, temporaryFolder, track } from '../store-fixtures';
import { seedFigureRuns, twoPanelSpec } from '../../figures/figure-fixtures';

describe('saved figures', () => {
  it('round-trip through the store, across a reopen, by id and by name', () => {
    const path = join(temporaryFolder(), 'runs.sqlite');
    const store = openRunStore(path);
    const runs = seedFigureRuns(store);
    const spec = parseFigureSpec(twoPanelSpec(runs, { palette: 'greyscale', legend: 'bottom' }));
    const saved = store.figures.save({ spec });
    store.close();

    const reopened = track(openRunStore(path));
    expect(reopened.figures.get(saved.id).spec).toEqual(spec);
    expect(reopened.figures.find('ELBO AND KL').id).toBe(saved.id);
    expect(reopened.figures.list().map((figure) => figure.name)).toEqual(['elbo and kl']);

    const edited = reopened.figures.save({ id: saved.id, spec: { ...spec, name: 'renamed', font: { family: 'sans', sizePt: 9 } } }, saved.updatedAt + 5);
    expect(edited).toMatchObject({ id: saved.id, name: 'renamed', createdAt: saved.createdAt, updatedAt: saved.updatedAt + 5 });
    expect(reopened.figures.get(saved.id).spec.font).toEqual({ family: 'sans', sizePt: 9 });
  });

  it('refuses a bad spec naming the field, and a second figure of the same name', () => {
    const store = freshStore();
    const runs = seedFigureRuns(store);
    expect(() => store.figures.save({ spec: { ...twoPanelSpec(runs), font: { family: 'comic', sizePt: 8 } } })).toThrow(/font\.family: font family must be serif or sans/);
    expect(() => store.figures.save({ spec: { ...twoPanelSpec(runs), panels: [] } })).toThrow(/panels: add at least one panel/);
    store.figures.save({ spec: twoPanelSpec(runs) });
    expect(() => store.figures.save({ spec: twoPanelSpec(runs) })).toThrow(/already exists/);
    expect(() => store.figures.find('nothing')).toThrow(/no saved figure .*"nothing"/);
  });
});
