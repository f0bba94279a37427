/**
 * What every exported figure file says about itself: which runs (ids and the epochs drawn), how each
 * panel was made (metric, x axis, smoothing, evaluation epoch), and the workbench version. Written
 * into the SVG's <metadata>, the PDF's document info and the PNG's text chunk.
 */
import type { FigureData } from './figure-data';
import type { FigurePlot } from './figure-plot';
import type { FigureSpec } from './figure-spec';

export interface FigureProvenance {
  generator: string;
  figure: string;
  runs: { id: string; name: string; lastEpoch: number | null }[];
  panels: { panel: string; kind: string; metric?: string; x?: string; smoothing?: number; epochs?: Record<string, number> }[];
}

export function figureProvenance(spec: FigureSpec, data: FigureData, plot: FigurePlot): FigureProvenance {
  return {
    generator: `vae-workbench ${data.workbenchVersion}`,
    figure: spec.name,
    runs: data.runs.map((run) => ({ id: run.id, name: run.name, lastEpoch: run.evaluations.at(-1)?.epoch ?? lastSeriesEpoch(run.series) })),
    panels: plot.panels.map((panel) => {
      switch (panel.kind) {
        case 'curves':
          return { panel: panel.letter, kind: panel.kind, metric: panel.metric, x: panel.x, smoothing: panel.smoothing };
        case 'kl-per-dim':
          return { panel: panel.letter, kind: `${panel.kind} ${panel.style}`, epochs: Object.fromEntries(panel.bars.map((bar) => [bar.runId, bar.epoch])) };
        case 'rate-distortion':
          return { panel: panel.letter, kind: panel.kind, smoothing: 0 };
        case 'images':
          return { panel: panel.letter, kind: `images ${panel.image?.grid ?? ''}`.trim(), epochs: panel.image ? { [panel.image.runId]: panel.image.epoch } : {} };
        case 'latent-scatter':
          return { panel: panel.letter, kind: panel.kind, epochs: panel.scatter ? { [panel.scatter.runId]: panel.scatter.epoch } : {} };
      }
    }),
  };
}

function lastSeriesEpoch(series: FigureData['runs'][number]['series']): number | null {
  const epochs = Object.values(series).flatMap((points) => points.map((point) => point.epoch));
  return epochs.length > 0 ? Math.max(...epochs) : null;
}

/** One line for places that hold a short string (PDF Subject, PNG tEXt "Comment"). */
export function provenanceSummary(provenance: FigureProvenance): string {
  const runs = provenance.runs.map((run) => `${run.name} (${run.id}, epoch ${run.lastEpoch ?? '-'})`).join('; ');
  const smoothing = provenance.panels.map((panel) => `(${panel.panel}) ${panel.kind}${panel.metric ? ` ${panel.metric}` : ''}, smoothing ${panel.smoothing ?? 0}`).join('; ');
  return `${provenance.generator}. Figure "${provenance.figure}". Runs: ${runs}. Panels: ${smoothing}.`;
}
