/**
 * The SVG export as Inkscape reads it (Overleaf and many journals convert SVG with Inkscape): no text
 * box overlaps another or leaves the page by Inkscape's own layout (`inkscape --query-all`), and
 * Inkscape draws it as rsvg-convert does (the same picture, pixel for pixel but for anti-aliasing).
 * Skips, saying why, where inkscape is not installed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../../../../src/main/core/figures/render-figure';
import { parseFigureSpec, type FigureSpecInput } from '../../../../../src/shared/figures/figure-spec';
import { freshStore, temporaryFolder } from '../store/store-fixtures';
import { seedFigureRuns, twoPanelSpec, type FixtureRun } from './figure-fixtures';
import { HAS_INKSCAPE, HAS_RSVG, inkscapePng, inkscapeTextBoxes, NEEDS_INKSCAPE, overlappingBoxes, rsvgConvert } from './figure-tools';

const CSS_PX_PER_INCH = 96;

const VARIANTS: Record<string, (runs: FixtureRun[]) => Partial<FigureSpecInput>> = {
  'two panels, 3.25 × 2.2 in, 8 pt serif': () => ({}),
  'legend right, text width, curves, rate–distortion and a heatmap': () => ({
    legend: 'right',
    size: { width: 6.75, height: 2.2, unit: 'in' },
    layout: { columns: 3 },
    panels: [{ kind: 'curves', metric: 'train/loss', x: 'step', smoothing: 0.6 }, { kind: 'rate-distortion' }, { kind: 'kl-per-dim', style: 'heatmap' }],
  }),
  'legend bottom, 9 pt sans, greyscale, latent scatter': (runs) => ({
    legend: 'bottom',
    font: { family: 'sans', sizePt: 9 },
    palette: 'greyscale',
    size: { width: 3.25, height: 2.6, unit: 'in' },
    panels: [{ kind: 'latent-scatter', runs: [runs[0]?.id ?? ''] }, { kind: 'kl-per-dim' }],
  }),
};

describe.skipIf(!HAS_INKSCAPE)(`figure SVG in Inkscape ${NEEDS_INKSCAPE}`, () => {
  for (const [name, variant] of Object.entries(VARIANTS)) {
    it(`${name}: no text overlaps another or leaves the page`, async () => {
      const store = freshStore();
      const runs = seedFigureRuns(store);
      const spec = parseFigureSpec({ ...twoPanelSpec(runs), ...variant(runs), name });
      const folder = process.env['FIGURE_OUT'] ? join(process.env['FIGURE_OUT'], `inkscape-${name.replace(/\W+/g, '-')}`) : temporaryFolder();
      mkdirSync(folder, { recursive: true });
      const svgPath = join(folder, 'figure.svg');
      writeFileSync(svgPath, (await renderFigure(store, spec, 'svg', 'test')).text ?? '');

      const boxes = inkscapeTextBoxes(svgPath);
      expect(boxes.length).toBeGreaterThan(10);
      expect(overlappingBoxes(boxes)).toEqual([]);
      const [width, height] = [spec.size.width * CSS_PX_PER_INCH, spec.size.height * CSS_PX_PER_INCH];
      const outside = boxes.filter((box) => box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5);
      expect(outside.map((box) => box.text)).toEqual([]);

      if (!HAS_RSVG) return;
      // Inkscape and rsvg-convert draw the same picture: the mean grey-level difference is small.
      const inkscape = PNG.sync.read(readFileSync(inkscapePng(svgPath, join(folder, 'inkscape.png'), 100)));
      const rsvg = PNG.sync.read(readFileSync(rsvgConvert(svgPath, join(folder, 'rsvg.png'), 'png', 100)));
      // rsvg rounds 2.2 in × 100 dpi up to 221 rows; compare the rows both have.
      expect(Math.abs(inkscape.width - rsvg.width) + Math.abs(inkscape.height - rsvg.height)).toBeLessThanOrEqual(1);
      const [columns, rows] = [Math.min(inkscape.width, rsvg.width), Math.min(inkscape.height, rsvg.height)];
      let difference = 0;
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < columns; x++) difference += Math.abs((inkscape.data[4 * (y * inkscape.width + x)] ?? 0) - (rsvg.data[4 * (y * rsvg.width + x)] ?? 0));
      }
      expect(difference / (columns * rows)).toBeLessThan(6);
    }, 60_000);
  }
});
