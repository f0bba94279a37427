/**
 * A saved or given figure spec rendered from the run store, headless: the SVG, the vector PDF, a PNG
 * at a chosen dpi or the CSV of the drawn numbers. The CLI's `figure` command and the API's
 * exportFigure both come here.
 */
import type { ExportedFile } from '../../../shared/api';
import { figureDocument, figureFileStem } from '../../../shared/figures/figure-document';
import type { FigureSpec } from '../../../shared/figures/figure-spec';
import type { RunStore } from '../store/run-store';
import type { StripDecoder } from './decode-figure-strips';
import { figurePdf } from './figure-pdf';
import { figurePng } from './figure-png';
import { loadFigureData } from './load-figure-data';

export const FIGURE_FORMATS = ['pdf', 'svg', 'png', 'csv'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** Print resolution when none is asked for. */
export const DEFAULT_PNG_DPI = 300;

export interface RenderOptions {
  /** PNG resolution; DEFAULT_PNG_DPI when absent. */
  dpi?: number;
  /** Decodes interpolation strips the spec does not hold yet; without it such panels say so. */
  decode?: StripDecoder;
}

export async function renderFigure(store: RunStore, spec: FigureSpec, format: FigureFormat, workbenchVersion: string, options: RenderOptions = {}): Promise<ExportedFile> {
  const data = await loadFigureData(store, spec, workbenchVersion, options.decode ?? null);
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
    case 'png': {
      const dpi = options.dpi ?? DEFAULT_PNG_DPI;
      const png = await figurePng(document.svg, document.render.size, document.provenance, dpi);
      return { filename: `${stem}.${dpi}dpi.png`, mediaType: 'image/png', base64: png.toString('base64') };
    }
  }
}
