/**
 * A saved or given figure spec rendered from the run store, headless: the SVG, the vector PDF or the
 * CSV of the drawn numbers. The CLI's `figure` command and the API's exportFigure both come here.
 */
import type { ExportedFile } from '../../../shared/api';
import { figureDocument, figureFileStem } from '../../../shared/figures/figure-document';
import type { FigureSpec } from '../../../shared/figures/figure-spec';
import type { RunStore } from '../store/run-store';
import { figurePdf } from './figure-pdf';
import { loadFigureData } from './load-figure-data';

export const FIGURE_FORMATS = ['pdf', 'svg', 'csv'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export async function renderFigure(store: RunStore, spec: FigureSpec, format: FigureFormat, workbenchVersion: string): Promise<ExportedFile> {
  const data = loadFigureData(store, spec, workbenchVersion);
  const document = figureDocument(spec, data);
  const stem = figureFileStem(spec);
  switch (format) {
    case 'svg':
      return { filename: `${stem}.svg`, mediaType: 'image/svg+xml', text: document.svg };
    case 'csv':
      return { filename: `${stem}.csv`, mediaType: 'text/csv', text: document.csv };
    case 'pdf': {
      const pdf = await figurePdf(document.svg, document.render.size, document.provenance);
      return { filename: `${stem}.pdf`, mediaType: 'application/pdf', base64: pdf.toString('base64') };
    }
  }
}
