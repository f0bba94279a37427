/**
 * The WorkbenchApi's figure methods: saved specs in the store, the data a spec names (for the
 * renderer's preview) and the host's own render (PDF, SVG, CSV), the same one the CLI runs; and the
 * compare view's data export, so a figure made elsewhere can be rebuilt from the same numbers.
 */
import type { WorkbenchMethods } from '../../../shared/api';
import { parseFigureSpec } from '../../../shared/figures/figure-spec';
import type { ApiHandlers } from '../api-dispatcher';
import { appInfo } from '../app-info';
import type { RunStore } from '../store/run-store';
import { loadFigureData } from './load-figure-data';
import { renderFigure } from './render-figure';

type FigureMethod = Extract<keyof WorkbenchMethods, 'listFigures' | 'getFigure' | 'saveFigure' | 'deleteFigure' | 'getFigureData' | 'exportFigure' | 'exportComparison'>;

export function createFigureHandlers(store: RunStore): Pick<ApiHandlers, FigureMethod> {
  return {
    listFigures: async () => store.figures.list(),
    getFigure: async ({ id }) => store.figures.get(id),
    saveFigure: async ({ id, spec }) => store.figures.save({ ...(id !== undefined ? { id } : {}), spec }),
    deleteFigure: async ({ id }) => {
      store.figures.delete(id);
      return { id, deleted: true };
    },
    getFigureData: async ({ spec }) => loadFigureData(store, parseFigureSpec(spec), appInfo().version),
    exportFigure: async ({ spec, format }) => renderFigure(store, parseFigureSpec(spec), format, appInfo().version),
    exportComparison: async ({ ids }) => ({ filename: `compare-${ids.length}-runs.csv`, mediaType: 'text/csv', text: store.exportComparisonCsv(ids) }),
  };
}
