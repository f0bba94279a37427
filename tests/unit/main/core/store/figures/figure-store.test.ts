/**
 * A figure is a saved spec: it round-trips through the store (and a reopened database), is found by
 * name or id, is edited in place, and the CLI re-renders it headless to the same SVG the app makes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInfo } from '../../../../../../src/main/core/app-info';
import { loadFigureData } from '../../../../../../src/main/core/figures/load-figure-data';
import { DATABASE_FILE } from '../../../../../../src/main/core/host-services';
import { openRunStore } from '../../../../../../src/main/core/store';
import { figureDocument } from '../../../../../../src/shared/figures/figure-document';
import { parseFigureSpec } from '../../../../../../src/shared/figures/figure-spec';
import { builtFile } from '../../../../../helpers/built-app';
import { freshStore, temporaryFolder, track } from '../store-fixtures';
import { seedFigureRuns, twoPanelSpec } from '../../figures/figure-fixtures';
import { pdfFonts, svgTexts } from '../../figures/figure-tools';

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

describe('vae-workbench figure', () => {
  it('re-renders a saved figure headless to the same SVG the app draws, and a spec file to a PDF', () => {
    const dataDir = temporaryFolder();
    const store = openRunStore(join(dataDir, DATABASE_FILE));
    const runs = seedFigureRuns(store);
    const spec = store.figures.save({ spec: twoPanelSpec(runs) }).spec;
    const expected = figureDocument(spec, loadFigureData(store, spec, appInfo().version)).svg;
    store.close();

    const svgPath = join(dataDir, 'cli.svg');
    const cli = builtFile('main', 'cli.js');
    const bySaved = spawnSync(process.execPath, [cli, 'figure', 'elbo and kl', '--out', svgPath, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(bySaved.stderr).toBe('');
    expect(bySaved.status).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svgTexts(svg)).toEqual(svgTexts(expected));
    expect(svg).toBe(expected);

    // A hand-written spec may name its runs; --save stores it for the app.
    const specFile = join(dataDir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ ...twoPanelSpec(runs), name: 'from file', runs: runs.map((run) => run.name), panels: [{ kind: 'rate-distortion' }] }));
    const pdfPath = join(dataDir, 'cli.pdf');
    const fromFile = spawnSync(process.execPath, [cli, 'figure', specFile, '--out', pdfPath, '--save', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(fromFile.stderr).toBe('');
    expect(fromFile.stdout).toContain(pdfPath);
    expect(pdfFonts(pdfPath).every((font) => font.embedded)).toBe(true);
    const after = track(openRunStore(join(dataDir, DATABASE_FILE)));
    expect(after.figures.find('from file').spec.runs).toEqual(runs.map((run) => run.id));

    const bad = spawnSync(process.execPath, [cli, 'figure', 'elbo and kl', '--out', join(dataDir, 'x.png'), '--data-dir', dataDir], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('use a .pdf, .svg or .csv file');
  });
});
