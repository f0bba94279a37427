import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../../src/main/core/figures/render-figure';
import { parseFigureSpec } from '../../../src/shared/figures/figure-spec';
import { freshStore, temporaryFolder } from '../store/store-fixtures';
import { seedFigureRuns, twoPanelSpec } from './figure-fixtures';

describe('headless figure render', () => {
  it('writes an SVG and a PDF', async () => {
    const store = freshStore();
    const runs = seedFigureRuns(store);
    const spec = parseFigureSpec(twoPanelSpec(runs));
    const folder = process.env['FIGURE_OUT'] ?? temporaryFolder();
    mkdirSync(folder, { recursive: true });
    const svg = await renderFigure(store, spec, 'svg', '0.0.0-test');
    const pdf = await renderFigure(store, spec, 'pdf', '0.0.0-test');
    writeFileSync(join(folder, 'fig.svg'), svg.text ?? '');
    writeFileSync(join(folder, 'fig.pdf'), Buffer.from(pdf.base64 ?? '', 'base64'));
    expect(execFileSync('pdffonts', [join(folder, 'fig.pdf')], { encoding: 'utf8' })).toContain('SourceSerif4');
  });
});
