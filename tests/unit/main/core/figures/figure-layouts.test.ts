/**
 * Every layout option keeps every word legible and on the page: legend top, bottom, right or none;
 * serif and sans; one column or the full text width; log axes; smoothing; rate–distortion; the
 * greyscale palette. Checked on rsvg-convert's rendering of the SVG, word box by word box.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../../../../src/main/core/figures/render-figure';
import { parseFigureSpec, type FigureSpecInput } from '../../../../../src/shared/figures/figure-spec';
import { freshStore, temporaryFolder } from '../store/store-fixtures';
import { seedFigureRuns, twoPanelSpec, type FixtureRun } from './figure-fixtures';
import { HAS_POPPLER, HAS_RSVG, NEEDS_POPPLER_AND_RSVG, overlappingWords, pdfWordBoxes, rsvgConvert } from './figure-tools';

const VARIANTS: Record<string, (runs: FixtureRun[]) => Partial<FigureSpecInput>> = {
  'legend bottom, sans 9 pt, greyscale': () => ({ legend: 'bottom', font: { family: 'sans', sizePt: 9 }, palette: 'greyscale' }),
  'legend right, text width, three panels': () => ({
    legend: 'right',
    size: { width: 6.75, height: 2.2, unit: 'in' },
    layout: { columns: 3 },
    panels: [
      { kind: 'curves', metric: 'eval/elbo', x: 'epoch' },
      { kind: 'rate-distortion' },
      { kind: 'kl-per-dim', style: 'heatmap' },
    ],
  }),
  'no legend, log y, smoothing, by step and time': () => ({
    legend: 'none',
    panels: [
      { kind: 'curves', metric: 'train/loss', x: 'step', logY: true, smoothing: 0.6 },
      { kind: 'curves', metric: 'train/loss', x: 'time' },
    ],
  }),
  '2 × 2 small multiples in cm, shared y': (runs) => ({
    size: { width: 17, height: 11, unit: 'cm' },
    layout: { columns: 2, shareY: true },
    panels: runs.slice(0, 3).map((run) => ({ kind: 'kl-per-dim' as const, runs: [run.id] })).concat([{ kind: 'kl-per-dim' as const, runs: [] }]),
  }),
};

describe.skipIf(!HAS_POPPLER || !HAS_RSVG)(`figure layouts ${NEEDS_POPPLER_AND_RSVG}`, () => {
  for (const [name, variant] of Object.entries(VARIANTS)) {
    it(`${name}: no word overlaps another or leaves the page`, async () => {
      const store = freshStore();
      const runs = seedFigureRuns(store);
      const spec = parseFigureSpec({ ...twoPanelSpec(runs), ...variant(runs), name });
      const folder = process.env['FIGURE_OUT'] ? join(process.env['FIGURE_OUT'], name.replace(/\W+/g, '-')) : temporaryFolder();
      mkdirSync(folder, { recursive: true });
      const svg = await renderFigure(store, spec, 'svg', 'test');
      writeFileSync(join(folder, 'figure.svg'), svg.text ?? '');
      const pdf = await renderFigure(store, spec, 'pdf', 'test');
      writeFileSync(join(folder, 'figure.pdf'), Buffer.from(pdf.base64 ?? '', 'base64'));
      const words = pdfWordBoxes(rsvgConvert(join(folder, 'figure.svg'), join(folder, 'rsvg.pdf'), 'pdf'));
      expect(words.length).toBeGreaterThan(10);
      expect(overlappingWords(words)).toEqual([]);
      const toPt = spec.size.unit === 'in' ? 72 : 72 / 2.54;
      const [width, height] = [spec.size.width * toPt, spec.size.height * toPt];
      const outside = words.filter((word) => word.xMin < 0 || word.yMin < 0 || word.xMax > width + 0.5 || word.yMax > height + 0.5);
      expect(outside.map((word) => word.text)).toEqual([]);
    });
  }
});
