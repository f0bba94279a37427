/**
 * `vae-workbench figure`, the whole headless path in a child process: a saved figure re-renders to
 * the same SVG the app makes; a spec file renders to PDF and is saved; PNG comes at the asked dpi with
 * its provenance and matches the PDF's page; an interpolation strip is decoded from the run's
 * checkpoint by a decoder worker, saved with the figure, and re-rendered after the checkpoint is gone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { appInfo } from '../../../../../src/main/core/app-info';
import { loadFigureData } from '../../../../../src/main/core/figures/load-figure-data';
import { DATABASE_FILE } from '../../../../../src/main/core/host-services';
import { openRunStore } from '../../../../../src/main/core/store';
import { figureDocument } from '../../../../../src/shared/figures/figure-document';
import { readPngText } from '../../../../../src/shared/figures/png-text';
import { builtFile } from '../../../../helpers/built-app';
import { openHost, tempDataDir, tinyConfig } from '../../../../helpers/tiny-run';
import { seedFigureRuns, twoPanelSpec } from '../../core/figures/figure-fixtures';
import { HAS_POPPLER, NEEDS_POPPLER, pdfFonts, pdfToPng, svgTexts } from '../../core/figures/figure-tools';
import { temporaryFolder, track } from '../../core/store/store-fixtures';

function figure(...args: string[]) {
  return spawnSync(process.execPath, [builtFile('main', 'cli.js'), 'figure', ...args], { encoding: 'utf8' });
}

/** A data folder holding the three fixture runs and the saved two-panel figure "elbo and kl". */
async function seededFolder() {
  const dataDir = temporaryFolder();
  const store = openRunStore(join(dataDir, DATABASE_FILE));
  const runs = seedFigureRuns(store);
  const spec = store.figures.save({ spec: twoPanelSpec(runs) }).spec;
  const appSvg = figureDocument(spec, await loadFigureData(store, spec, appInfo().version)).svg;
  store.close();
  return { dataDir, runs, appSvg };
}

const pngOf = (path: string) => PNG.sync.read(readFileSync(path));

describe('vae-workbench figure', () => {
  it('re-renders a saved figure headless to the same SVG the app draws, and a spec file to a PDF', async () => {
    const { dataDir, runs, appSvg } = await seededFolder();
    const svgPath = join(dataDir, 'cli.svg');
    const bySaved = figure('elbo and kl', '--out', svgPath, '--data-dir', dataDir);
    expect(bySaved.stderr).toBe('');
    expect(bySaved.status).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svgTexts(svg)).toEqual(svgTexts(appSvg));
    expect(svg).toBe(appSvg);

    // A hand-written spec may name its runs; --save stores it for the app.
    const specFile = join(dataDir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ ...twoPanelSpec(runs), name: 'from file', runs: runs.map((run) => run.name), panels: [{ kind: 'rate-distortion' }] }));
    const pdfPath = join(dataDir, 'cli.pdf');
    const fromFile = figure(specFile, '--out', pdfPath, '--save', '--data-dir', dataDir);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.stdout).toContain(pdfPath);
    if (HAS_POPPLER) expect(pdfFonts(pdfPath).every((font) => font.embedded)).toBe(true);
    const after = track(openRunStore(join(dataDir, DATABASE_FILE)));
    expect(after.figures.find('from file').spec.runs).toEqual(runs.map((run) => run.id));

    const bad = figure('elbo and kl', '--out', join(dataDir, 'x.jpg'), '--data-dir', dataDir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('use a .pdf, .svg, .png or .csv file');
  });

  it('writes a PNG at the asked dpi, with its provenance, drawn as the PDF is', async () => {
    const { dataDir, runs } = await seededFolder();
    const png300 = join(dataDir, 'fig.png');
    const byDefault = figure('elbo and kl', '--out', png300, '--data-dir', dataDir);
    expect(byDefault.stderr).toBe('');
    expect(byDefault.status).toBe(0);
    // 3.25 × 2.2 in at 300 dpi, the default.
    expect([pngOf(png300).width, pngOf(png300).height]).toEqual([975, 660]);
    const text = readPngText(readFileSync(png300));
    expect(text['Software']).toBe(`vae-workbench ${appInfo().version}`);
    for (const run of runs) expect(text['vae-workbench provenance']).toContain(run.id);

    const png100 = join(dataDir, 'fig-100.png');
    expect(figure('elbo and kl', '--out', png100, '--dpi', '100', '--data-dir', dataDir).status).toBe(0);
    const drawn = pngOf(png100);
    expect([drawn.width, drawn.height]).toEqual([325, 220]);

    // The same glyphs and lines as the PDF's page rendered by poppler at the same dpi: the PNG draws
    // with the fonts the PDF embeds, so the two differ only by anti-aliasing.
    if (HAS_POPPLER) {
      const pdf = join(dataDir, 'fig.pdf');
      expect(figure('elbo and kl', '--out', pdf, '--data-dir', dataDir).status).toBe(0);
      const page = PNG.sync.read(readFileSync(pdfToPng(pdf, dataDir, 100)));
      expect([page.width, page.height]).toEqual([325, 220]);
      let difference = 0;
      let ink = 0;
      for (let i = 0; i < drawn.data.length; i += 4) {
        difference += Math.abs((drawn.data[i] ?? 0) - (page.data[i] ?? 0));
        if ((drawn.data[i] ?? 255) < 128) ink++;
      }
      // FIGURE_OUT=folder keeps both pictures to look at.
      const keep = process.env['FIGURE_OUT'];
      if (keep) for (const [name, path] of [['cli-100dpi.png', png100], ['pdf-100dpi.png', join(dataDir, 'page.png')], ['cli-300dpi.png', png300]] as const) writeFileSync(join(keep, name), readFileSync(path));
      expect(ink).toBeGreaterThan(1000);
      expect(difference / (325 * 220)).toBeLessThan(6);
    } else {
      console.warn(`PNG-versus-PDF comparison skipped ${NEEDS_POPPLER}`);
    }

    const badDpi = figure('elbo and kl', '--out', join(dataDir, 'x.png'), '--dpi', '10', '--data-dir', dataDir);
    expect(badDpi.status).toBe(2);
    expect(badDpi.stderr).toContain('--dpi must be a number from 50 to 2400');
    const dpiForPdf = figure('elbo and kl', '--out', join(dataDir, 'x.pdf'), '--dpi', '300', '--data-dir', dataDir);
    expect(dpiForPdf.status).toBe(2);
  });

  it('decodes an interpolation strip from the run\'s checkpoint, saves it with the figure, and renders it again without the checkpoint', async () => {
    const dataDir = tempDataDir();
    const host = openHost(dataDir);
    const run = host.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'tiny strip' });
    expect((await host.runs.whenSettled(run.id)).status).toBe('completed');
    await host.close();

    const specFile = join(dataDir, 'strip.json');
    writeFileSync(specFile, JSON.stringify({ name: 'strip', runs: ['tiny strip'], panels: [{ kind: 'interpolation', from: 0, to: 5, steps: 5 }], size: { width: 3.25, height: 1.2, unit: 'in' } }));
    const first = join(dataDir, 'first.svg');
    const made = figure(specFile, '--out', first, '--save', '--data-dir', dataDir);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const svg = readFileSync(first, 'utf8');
    expect(svg).toMatch(/<image\b[^>]*href="data:image\/png;base64,/);
    expect(svgTexts(svg).join(' ')).toContain('tiny strip, epoch 1: slerp, held-out point 0');

    // The saved figure holds the strip; with the checkpoints gone it renders the same document.
    const store = openRunStore(join(dataDir, DATABASE_FILE));
    const panel = store.figures.find('strip').spec.panels[0];
    expect(panel?.kind === 'interpolation' ? panel.strip?.width : null).toBe(5 * 28);
    for (const checkpoint of store.listCheckpoints(run.id)) {
      rmSync(checkpoint.path, { recursive: true, force: true });
      store.removeCheckpoint(run.id, checkpoint.step);
    }
    store.close();
    const again = join(dataDir, 'again.svg');
    const rerendered = figure('strip', '--out', again, '--data-dir', dataDir);
    expect(rerendered.stderr).toBe('');
    expect(readFileSync(again, 'utf8')).toBe(svg);
  }, 180_000);
});
