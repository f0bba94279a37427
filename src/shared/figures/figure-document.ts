/**
 * Spec + data → everything one export needs: the option (for the on-screen preview and PNG), the SVG
 * document, the CSV of the drawn numbers and the provenance. The renderer and the host call this same
 * function, so the in-app export and the headless render are the same figure.
 */
import { figureCsv } from './figure-csv';
import type { FigureData } from './figure-data';
import { buildFigure, type FigureRender } from './figure-option';
import { figureProvenance, type FigureProvenance } from './figure-provenance';
import type { FigureSpec } from './figure-spec';
import { figureSvg } from './figure-svg';

export interface FigureDocument {
  render: FigureRender;
  svg: string;
  csv: string;
  provenance: FigureProvenance;
}

export function figureDocument(spec: FigureSpec, data: FigureData): FigureDocument {
  const render = buildFigure(spec, data);
  const provenance = figureProvenance(spec, data, render.plot);
  return { render, svg: figureSvg(render, provenance), csv: figureCsv(render.plot), provenance };
}

/** A file name stem from the figure's name: letters, digits, dot, dash, underscore. */
export function figureFileStem(spec: FigureSpec): string {
  return spec.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'figure';
}
