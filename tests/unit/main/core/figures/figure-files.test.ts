/**
 * The exported files as a paper's author would check them: the PDF has its fonts embedded and no
 * raster image and renders with pdftoppm; the SVG renders with rsvg-convert with no two words on top
 * of each other; the CSV holds the numbers drawn; every file says where it came from.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadFigureData } from '../../../../../src/main/core/figures/load-figure-data';
import { renderFigure } from '../../../../../src/main/core/figures/render-figure';
import { figureDocument } from '../../../../../src/shared/figures/figure-document';
import { parseFigureSpec, type FigureSpecInput } from '../../../../../src/shared/figures/figure-spec';
import { EVAL_KEYS } from '../../../../../src/shared/metric-keys';
import { freshStore, temporaryFolder } from '../store/store-fixtures';
import { EPOCHS, klOf, LATENT_DIMS, LATENT_POINTS, latentPoint, seedFigureRuns, twoPanelSpec } from './figure-fixtures';
import { HAS_POPPLER, HAS_RSVG, NEEDS_POPPLER, NEEDS_POPPLER_AND_RSVG, overlappingWords, pdfFonts, pdfImageCount, pdfToPng, pdfWordBoxes, pngSize, rsvgConvert, svgProvenance, svgTexts } from './figure-tools';

const VERSION = '9.9.9-test';

async function exported(spec: FigureSpecInput, seeded = freshStoreWithRuns()) {
  const { store, runs } = seeded;
  const parsed = parseFigureSpec(spec);
  // FIGURE_OUT=folder keeps the files to look at.
  const folder = process.env['FIGURE_OUT'] ? join(process.env['FIGURE_OUT'], parsed.name.replace(/\W+/g, '-')) : temporaryFolder();
  mkdirSync(folder, { recursive: true });
  const files = { svg: join(folder, 'figure.svg'), pdf: join(folder, 'figure.pdf'), csv: join(folder, 'figure.csv') };
  for (const format of ['svg', 'pdf', 'csv'] as const) {
    const file = await renderFigure(store, parsed, format, VERSION);
    writeFileSync(files[format], file.text ?? Buffer.from(file.base64 ?? '', 'base64'));
  }
  return { folder, files, runs, store, spec: parsed };
}

/** The two-panel figure over three fresh runs. */
async function exportedTwoPanel() {
  const seeded = freshStoreWithRuns();
  return exported(twoPanelSpec(seeded.runs), seeded);
}

function freshStoreWithRuns() {
  const store = freshStore();
  return { store, runs: seedFigureRuns(store) };
}

describe.skipIf(!HAS_POPPLER)(`figure PDF ${NEEDS_POPPLER}`, () => {
  it('embeds every font, holds no raster image and renders at the figure size', async () => {
    const { files, folder } = await exportedTwoPanel();
    const fonts = pdfFonts(files.pdf);
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['SourceSerif4-Bold', 'SourceSerif4-Regular']);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    expect(pdfImageCount(files.pdf)).toBe(0);
    // 3.25 × 2.2 in at 100 dpi.
    const png = pdfToPng(files.pdf, folder, 100);
    expect(pngSize(png)).toEqual({ width: 325, height: 220 });
  });

  it('embeds the sans font when the spec asks for it', async () => {
    const seeded = freshStoreWithRuns();
    const { files } = await exported(twoPanelSpec(seeded.runs, { name: 'sans', font: { family: 'sans', sizePt: 9 } }), seeded);
    expect(pdfFonts(files.pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['SourceSans3-Bold', 'SourceSans3-Regular']);
  });
});

describe.skipIf(!HAS_POPPLER || !HAS_RSVG)(`figure SVG ${NEEDS_POPPLER_AND_RSVG}`, () => {
  it('renders with rsvg-convert with no word overlapping another, axis titles naming metric and unit', async () => {
    const { files, folder } = await exportedTwoPanel();
    const words = pdfWordBoxes(rsvgConvert(files.svg, join(folder, 'rsvg.pdf'), 'pdf'));
    expect(words.length).toBeGreaterThan(20);
    expect(overlappingWords(words)).toEqual([]);
    const texts = svgTexts(readFileSync(files.svg, 'utf8'));
    expect(texts).toContain('Validation ELBO (nats)');
    expect(texts).toContain('KL (nats)');
    expect(texts).toContain('(a)');
    expect(texts.some((text) => text.startsWith('\u2212'))).toBe(true);
    rsvgConvert(files.svg, join(folder, 'rsvg.png'), 'png');
  });

  it('thins the labels of 64 dimensions in a heatmap so none overlap, and keeps the threshold label inside', async () => {
    // On a log axis the collapse threshold stands apart from the axis line, so the panel names it.
    const store = freshStore();
    const runs = seedFigureRuns(store, 64);
    const spec = { ...twoPanelSpec(runs, { name: 'heatmap 64', size: { width: 3.25, height: 3.2, unit: 'in' }, layout: { columns: 1 } }), panels: [{ kind: 'kl-per-dim' as const, style: 'heatmap' as const }, { kind: 'kl-per-dim' as const, style: 'bars' as const, logY: true }] };
    const { files, folder } = await exported(spec, { store, runs });
    const svg = readFileSync(files.svg, 'utf8');
    const dimensionLabels = svgTexts(svg).filter((text) => /^\d+$/.test(text));
    expect(dimensionLabels.length).toBeLessThan(40);
    const words = pdfWordBoxes(rsvgConvert(files.svg, join(folder, 'rsvg.pdf'), 'pdf'));
    expect(overlappingWords(words)).toEqual([]);
    // The collapse threshold is named in the panel's note, inside the page.
    const threshold = words.find((word) => word.text === '0.01');
    expect(threshold).toBeDefined();
    expect(threshold?.xMax ?? Infinity).toBeLessThanOrEqual(3.25 * 72);
    expect(svgTexts(svg).join(' ')).toContain('dashed: 0.01 nats');
    // Log-axis bars grow from the axis floor (the decade under the smallest), not from 1 as ECharts would.
    const data = await loadFigureData(store, parseFigureSpec(spec), VERSION);
    const yAxes = figureDocument(parseFigureSpec(spec), data).render.option['yAxis'] as Record<string, unknown>[];
    expect(yAxes[1]).toMatchObject({ type: 'log', min: 0.001, startValue: 0.001 });
  });
});

describe('figure data and provenance', () => {
  it('writes the drawn numbers to the CSV, per-dimension KL included', async () => {
    const { files, runs } = await exportedTwoPanel();
    const rows = readFileSync(files.csv, 'utf8').trim().split('\n').map((line) => line.split(','));
    expect(rows[0]).toEqual(['panel', 'kind', 'run_id', 'run', 'series', 'epoch', 'x_name', 'x', 'y_name', 'y']);
    const [first, second, third] = runs;
    const finalElbo = rows.find((row) => row[0] === 'a' && row[2] === first?.id && row[7] === String(EPOCHS));
    expect(Number(finalElbo?.[9])).toBe(first?.finalElbo);
    expect(rows.filter((row) => row[0] === 'a')).toHaveLength(3 * EPOCHS);
    const kl = rows.filter((row) => row[0] === 'b' && row[2] === second?.id);
    expect(kl.map((row) => Number(row[9]))).toEqual(Array.from({ length: LATENT_DIMS }, (_, d) => klOf(1, d, EPOCHS)));
    // Panel (b) shows only the first two runs.
    expect(rows.some((row) => row[0] === 'b' && row[2] === third?.id)).toBe(false);
  });

  it('says which runs, epochs, smoothing and version in the SVG metadata and the PDF info', async () => {
    const seeded = freshStoreWithRuns();
    const spec = twoPanelSpec(seeded.runs, { name: 'smoothed', panels: [{ kind: 'curves', metric: 'train/loss', x: 'step', smoothing: 0.6 }] });
    const { files, runs } = await exported(spec, seeded);
    const svg = readFileSync(files.svg, 'utf8');
    expect(svgProvenance(svg)).toMatchObject({
      generator: `vae-workbench ${VERSION}`,
      figure: 'smoothed',
      runs: runs.map((run) => ({ id: run.id, name: run.name, lastEpoch: EPOCHS })),
      panels: [{ panel: 'a', kind: 'curves', metric: 'train/loss', x: 'step', smoothing: 0.6 }],
    });
    // Smoothing is said on the figure itself, and the raw curve is still drawn (faint).
    expect(svgTexts(svg).join(' ')).toContain('EMA smoothing 0.6');
    const pdf = readFileSync(files.pdf, 'latin1');
    for (const run of runs) expect(pdf).toContain(run.id);
  });

  it('reads every evaluation epoch and the eval series from the store', async () => {
    const { store, runs } = freshStoreWithRuns();
    const data = await loadFigureData(store, parseFigureSpec(twoPanelSpec(runs)), VERSION);
    expect(data.runs.map((run) => run.name)).toEqual(runs.map((run) => run.name));
    expect(data.runs[0]?.evaluations.map((e) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(data.runs[0]?.series[EVAL_KEYS.elbo]?.at(-1)?.value).toBe(runs[0]?.finalElbo);
    const document = figureDocument(parseFigureSpec(twoPanelSpec(runs)), data);
    expect(document.provenance.runs).toHaveLength(3);
  });

  it.skipIf(!HAS_POPPLER || !HAS_RSVG)(`draws a run's latent codes by class with a class legend, and writes every point to the CSV ${NEEDS_POPPLER_AND_RSVG}`, async () => {
    const seeded = freshStoreWithRuns();
    const spec = twoPanelSpec(seeded.runs, { name: 'latent', panels: [{ kind: 'latent-scatter', runs: [seeded.runs[1]?.id ?? ''] }, { kind: 'rate-distortion' }] });
    const { files, folder, runs } = await exported(spec, seeded);
    const texts = svgTexts(readFileSync(files.svg, 'utf8'));
    expect(texts).toContain('PC 1 (42% var.)');
    for (let label = 0; label < 10; label++) expect(texts).toContain(`class ${label}`);
    expect(texts.join(' ')).toContain(`${runs[1]?.name}, epoch ${EPOCHS}`);
    const rows = readFileSync(files.csv, 'utf8').trim().split('\n').map((line) => line.split(','));
    const scatter = rows.filter((row) => row[0] === 'a');
    expect(scatter).toHaveLength(LATENT_POINTS);
    const [x, y] = latentPoint(3, EPOCHS);
    expect(scatter.some((row) => row[4] === 'class 3' && Math.abs(Number(row[7]) - x) < 1e-6 && Math.abs(Number(row[9]) - y) < 1e-6)).toBe(true);
    expect(overlappingWords(pdfWordBoxes(rsvgConvert(files.svg, join(folder, 'rsvg.pdf'), 'pdf')))).toEqual([]);
  });

  it.skipIf(!HAS_POPPLER)(`draws a stored image grid as its lossless PNG, sized to the panel at its aspect ratio ${NEEDS_POPPLER}`, async () => {
    const seeded = freshStoreWithRuns();
    const spec = twoPanelSpec(seeded.runs, { name: 'images', panels: [{ kind: 'images', grid: 'reconstructions' }, { kind: 'images', grid: 'samples', epoch: 3 }] });
    const { files, runs } = await exported(spec, seeded);
    const svg = readFileSync(files.svg, 'utf8');
    const images = [...svg.matchAll(/<image\b[^>]*href="data:image\/png;base64,([^"]+)"/g)].map((match) => PNG.sync.read(Buffer.from(match[1] ?? '', 'base64')));
    expect(images.map((image) => [image.width, image.height])).toEqual([[32, 16], [32, 16]]);
    expect(images[0]?.data[4 * 5]).toBe((5 * 7 + EPOCHS * 13) % 256);
    expect(images[1]?.data[4 * 5]).toBe((5 * 7 + 3 * 13) % 256);
    expect(svgTexts(svg).join(' ')).toContain(`${runs[0]?.name}, epoch ${EPOCHS}: held-out inputs and reconstructions`);
    expect(pdfImageCount(files.pdf)).toBe(2);
    expect(readFileSync(files.csv, 'utf8')).toContain(`a,images reconstructions,${runs[0]?.id},${runs[0]?.name},reconstructions,${EPOCHS},width (px),32,height (px),16`);
  });

  it('names a missing run instead of drawing an empty figure', async () => {
    const { store, runs } = freshStoreWithRuns();
    const spec = parseFigureSpec({ ...twoPanelSpec(runs), runs: [...runs.map((run) => run.id), 'no-such-run'] });
    await expect(loadFigureData(store, spec, VERSION)).rejects.toThrow(/no-such-run/);
  });
});
