/**
 * Labels beyond ASCII print in the figure font everywhere: run names with β, σ², μ, ≤, ±, ×, ·, −
 * and subscript digits come out of the PDF in the embedded Source Serif 4 / Source Sans 3 (no
 * fallback font, and pdftotext reads the same characters back), and the layout measures them, so
 * rsvg-convert's rendering of the SVG has no two words on top of each other.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../../../../src/main/core/figures/render-figure';
import { parseFigureSpec, type FigureSpecInput } from '../../../../../src/shared/figures/figure-spec';
import { FIGURE_FONT_CHARACTERS } from '../../../../../src/shared/figures/font-metrics';
import { freshStore, temporaryFolder } from '../store/store-fixtures';
import { seedFigureRuns, twoPanelSpec } from './figure-fixtures';
import { HAS_POPPLER, HAS_RSVG, NEEDS_POPPLER_AND_RSVG, overlappingWords, pdfFonts, pdfToPng, pdfWordBoxes, rsvgConvert } from './figure-tools';

/** What researchers name runs and write on axes. */
const NAMES = ['β = 4, σ² ≤ 0.5', 'μ ± 2σ × 10³', 'λ·KL − z₁ ≥ 0'];

async function greekFigure(family: 'serif' | 'sans') {
  const store = freshStore();
  const runs = seedFigureRuns(store).map((run, index) => ({ ...run, name: store.renameRun(run.id, NAMES[index] ?? run.name).name }));
  const spec: FigureSpecInput = { ...twoPanelSpec(runs), name: `greek ${family}`, font: { family, sizePt: 8 }, size: { width: 3.25, height: 2.6, unit: 'in' } };
  const folder = process.env['FIGURE_OUT'] ? join(process.env['FIGURE_OUT'], `greek-${family}`) : temporaryFolder();
  mkdirSync(folder, { recursive: true });
  const parsed = parseFigureSpec(spec);
  const pdf = join(folder, 'figure.pdf');
  const svg = join(folder, 'figure.svg');
  writeFileSync(pdf, Buffer.from((await renderFigure(store, parsed, 'pdf', 'test')).base64 ?? '', 'base64'));
  writeFileSync(svg, (await renderFigure(store, parsed, 'svg', 'test')).text ?? '');
  return { folder, pdf, svg };
}

describe('figure font coverage', () => {
  it('measures every character of the test names (none falls back to a guessed width)', () => {
    const measured = new Set(FIGURE_FONT_CHARACTERS);
    const unmeasured = [...NAMES.join('')].filter((character) => !measured.has(character));
    expect(unmeasured).toEqual([]);
  });
});

describe.skipIf(!HAS_POPPLER || !HAS_RSVG)(`Greek and math signs in figure labels ${NEEDS_POPPLER_AND_RSVG}`, () => {
  for (const family of ['serif', 'sans'] as const) {
    it(`prints them in the embedded ${family} font, reads them back, and overlaps nothing`, async () => {
      const { folder, pdf, svg } = await greekFigure(family);
      const fonts = pdfFonts(pdf);
      const stem = family === 'serif' ? 'SourceSerif4' : 'SourceSans3';
      expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([`${stem}-Bold`, `${stem}-Regular`]);
      expect(fonts.every((font) => font.embedded)).toBe(true);
      const text = pdfWordBoxes(pdf).map((word) => word.text).join(' ');
      for (const name of NAMES) for (const word of name.split(' ')) expect(text).toContain(word);
      pdfToPng(pdf, folder, 300);
      const words = pdfWordBoxes(rsvgConvert(svg, join(folder, 'rsvg.pdf'), 'pdf'));
      expect(overlappingWords(words)).toEqual([]);
    });
  }
});
