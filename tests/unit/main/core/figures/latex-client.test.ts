/**
 * A real client: a LaTeX document that includes the figure's PDF and its SVG (converted with
 * rsvg-convert, as Overleaf and most pipelines do) compiles with Debian's pdflatex, and its page
 * renders. CI installs texlive-latex-base (.ci/run); without pdflatex the test says so and skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../../../../src/main/core/figures/render-figure';
import { parseFigureSpec } from '../../../../../src/shared/figures/figure-spec';
import { freshStore, temporaryFolder } from '../store/store-fixtures';
import { seedFigureRuns, twoPanelSpec } from './figure-fixtures';
import { HAS_POPPLER, HAS_RSVG, pdfFonts, pdfImageCount, pdfToPng, pdfWordBoxes, pngSize } from './figure-tools';

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;

const DOCUMENT = String.raw`\documentclass{article}
\usepackage{graphicx}
\begin{document}
\begin{figure}[h]
  \centering
  \includegraphics{figure.pdf}
  \caption{The workbench's PDF export, included unchanged.}
\end{figure}
\begin{figure}[h]
  \centering
  \includegraphics{figure-svg.pdf}
  \caption{The SVG export, converted with rsvg-convert.}
\end{figure}
\end{document}
`;

describe.skipIf(!hasPdflatex || !HAS_POPPLER || !HAS_RSVG)('a LaTeX paper including the figure (needs pdflatex, poppler-utils and librsvg2-bin: apt-get install texlive-latex-base poppler-utils librsvg2-bin)', () => {
  it('compiles with pdflatex, keeps the figure vector with its fonts, and renders', async () => {
    const store = freshStore();
    const spec = parseFigureSpec(twoPanelSpec(seedFigureRuns(store)));
    // FIGURE_OUT=folder keeps the paper to look at.
    const folder = process.env['FIGURE_OUT'] ? join(process.env['FIGURE_OUT'], 'latex') : temporaryFolder();
    mkdirSync(folder, { recursive: true });
    const pdf = await renderFigure(store, spec, 'pdf', 'test');
    const svg = await renderFigure(store, spec, 'svg', 'test');
    writeFileSync(join(folder, 'figure.pdf'), Buffer.from(pdf.base64 ?? '', 'base64'));
    writeFileSync(join(folder, 'figure.svg'), svg.text ?? '');
    execFileSync('rsvg-convert', ['-f', 'pdf', '-o', join(folder, 'figure-svg.pdf'), join(folder, 'figure.svg')]);
    writeFileSync(join(folder, 'paper.tex'), DOCUMENT);

    const latex = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'paper.tex'], { cwd: folder, encoding: 'utf8' });
    expect(latex.status, latex.stdout.slice(-2000)).toBe(0);
    const paper = join(folder, 'paper.pdf');
    expect(existsSync(paper)).toBe(true);

    // The figure's own fonts travel into the paper, embedded; nothing was rasterised.
    const fonts = pdfFonts(paper);
    expect(fonts.some((font) => font.name.endsWith('SourceSerif4-Regular'))).toBe(true);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    expect(pdfImageCount(paper)).toBe(0);
    // Both copies of the figure are there as text: two of each axis title.
    const words = pdfWordBoxes(paper).map((word) => word.text);
    expect(words.filter((word) => word === 'Validation')).toHaveLength(2);
    expect(words.filter((word) => word === '(b)')).toHaveLength(2);

    const page = pdfToPng(paper, folder, 100);
    expect(pngSize(page)).toEqual({ width: 850, height: 1100 });
    const shots = resolve('test-results/screenshots');
    mkdirSync(shots, { recursive: true });
    copyFileSync(page, join(shots, 'figures-latex-page.png'));
  });
});
