/**
 * Image panels: one run's stored image grid of an epoch (reconstructions, prior samples,
 * traversals), or an interpolation strip decoded from a checkpoint. Both are drawn as the PNG they
 * were stored as, with a note naming the run, the epoch and what the pixels are.
 */
import type { FigureData, FigureRunData } from './figure-data';
import type { PlotImage, PlotPanel } from './figure-plot';
import { type DecodedStrip, type FigureSpec, type InterpolationPanel, type StripRequest, stripAnswers, stripRequest } from './figure-spec';

type ImagesPanel = Extract<PlotPanel, { kind: 'images' }>;

const GRID_NOTES = { reconstructions: 'held-out inputs and reconstructions, alternating rows', samples: 'samples from the prior', traversals: 'latent traversals' } as const;

const base = (letter: string) => ({ kind: 'images' as const, letter, logY: false, xTitle: '', yTitle: '' });

export function imagesPanel(letter: string, run: FigureRunData | null, grid: keyof typeof GRID_NOTES, epoch: number | 'last'): ImagesPanel {
  const images = run?.images.filter((image) => image.grid === grid) ?? [];
  const found = epoch === 'last' ? images.at(-1) : images.find((image) => image.epoch === epoch);
  if (!run || !found) return { ...base(letter), image: null, note: run ? `${run.name}: no ${grid} stored` : 'no run' };
  const image: PlotImage = { runId: run.id, runName: run.name, epoch: found.epoch, grid: found.grid, width: found.width, height: found.height, dataUrl: `data:image/png;base64,${found.pngBase64}` };
  return { ...base(letter), image, note: `${run.name}, epoch ${found.epoch}: ${GRID_NOTES[found.grid]}` };
}

/**
 * The strip the spec stored when the figure was saved, or else the one the host decoded for this
 * render; a stored strip made for other endpoints (the panel was edited since) is not drawn.
 */
export function interpolationPanel(letter: string, spec: FigureSpec, panel: InterpolationPanel, data: FigureData): ImagesPanel {
  const request = stripRequest(spec, panel);
  if (!request) return { ...base(letter), image: null, note: 'no run' };
  const runName = data.runs.find((run) => run.id === request.runId)?.name ?? request.runId;
  const stored = panel.strip && stripAnswers(panel.strip, request) ? panel.strip : null;
  const decoded = data.strips.find((result) => sameRequest(result.request, request));
  const strip = stored ?? decoded?.strip ?? null;
  if (!strip) return { ...base(letter), image: null, note: `${runName}: ${decoded?.problem ?? 'interpolation strip not decoded yet'}` };
  const image: PlotImage = { runId: strip.runId, runName, epoch: strip.epoch, grid: 'interpolation', width: strip.width, height: strip.height, dataUrl: `data:image/png;base64,${strip.pngBase64}` };
  return { ...base(letter), image, note: `${runName}, epoch ${strip.epoch}: ${stripDescription(strip)}` };
}

/** "slerp, held-out point 12 (class 3) → 40 (class 8)": short, as a small panel's note must be. */
export function stripDescription(strip: DecodedStrip): string {
  const label = (value: number | null) => (value === null ? '' : ` (class ${value})`);
  return `${strip.path === 'spherical' ? 'slerp' : 'linear'}, held-out point ${strip.from}${label(strip.fromLabel)} \u2192 ${strip.to}${label(strip.toLabel)}`;
}

function sameRequest(a: StripRequest, b: StripRequest): boolean {
  return a.runId === b.runId && a.epoch === b.epoch && a.from === b.from && a.to === b.to && a.path === b.path && a.steps === b.steps;
}
