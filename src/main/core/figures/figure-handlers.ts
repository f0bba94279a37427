/**
 * The WorkbenchApi's figure methods: saved specs in the store, the data a spec names (for the
 * renderer's preview) and the host's own render (PDF, SVG, CSV), the same one the CLI runs; and the
 * compare view's data export, so a figure made elsewhere can be rebuilt from the same numbers.
 * Interpolation strips are decoded with `decode` (the run service's decoder workers) for the preview
 * and the exports, and stored in the spec when it is saved, so a saved figure needs no checkpoint.
 */
import type { WorkbenchMethods } from '../../../shared/api';
import { parseFigureSpec } from '../../../shared/figures/figure-spec';
import type { ApiHandlers } from '../api-dispatcher';
import { appInfo } from '../app-info';
import type { RunStore } from '../store/run-store';
import { decodeFigureStrips, type StripDecoder, withDecodedStrips } from './decode-figure-strips';
import { loadFigureData } from './load-figure-data';
import { renderFigure } from './render-figure';

type FigureMethod = Extract<keyof WorkbenchMethods, 'listFigures' | 'getFigure' | 'saveFigure' | 'deleteFigure' | 'getFigureData' | 'exportFigure' | 'exportComparison'>;

export function createFigureHandlers(store: RunStore, decode: StripDecoder): Pick<ApiHandlers, FigureMethod> {
  return {
    listFigures: async () => store.figures.list(),
    getFigure: async ({ id }) => store.figures.get(id),
    saveFigure: async ({ id, spec }) => {
      const parsed = parseFigureSpec(spec);
      const complete = withDecodedStrips(parsed, await decodeFigureStrips(store, parsed, decode));
      return store.figures.save({ ...(id !== undefined ? { id } : {}), spec: complete });
    },
    deleteFigure: async ({ id }) => {
      store.figures.delete(id);
      return { id, deleted: true };
    },
    getFigureData: async ({ spec }) => loadFigureData(store, parseFigureSpec(spec), appInfo().version, decode),
    exportFigure: async ({ spec, format }) => renderFigure(store, parseFigureSpec(spec), format, appInfo().version, { decode }),
    exportComparison: async ({ ids }) => ({ filename: `compare-${ids.length}-runs.csv`, mediaType: 'text/csv', text: store.exportComparisonCsv(ids) }),
  };
}
