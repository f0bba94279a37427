/**
 * A publication figure as a saved spec: which runs, which panels, and the style (size, font,
 * palette, legend). The spec is all a figure is: the store keeps it, the CLI re-renders it from the
 * database, and the renderer's preview and every export are drawn from it by the same pure function.
 */
import { z } from 'zod';
import { WorkbenchError } from '../errors';

export const FIGURE_SPEC_VERSION = 1;

/** Column widths of the common two-column templates (ACM, IEEE, NeurIPS-like), inches. */
export const SIZE_PRESETS = {
  singleColumn: { width: 3.25, label: 'Single column (3.25 in)' },
  textWidth: { width: 6.75, label: 'Full text width (6.75 in)' },
} as const;

const runId = z.string().min(1, { error: 'a run id must not be empty' }).max(100, { error: 'is too long for a run id' });
const panelRuns = z.array(runId).max(12, { error: 'a panel shows at most 12 runs' }).optional();

const curvesPanel = z.strictObject({
  kind: z.literal('curves'),
  /** A metric key such as 'eval/elbo' or 'train/loss'. */
  metric: z.string().min(1, { error: 'name a metric' }).max(200),
  x: z.enum(['step', 'epoch', 'time'], { error: 'x must be step, epoch or time' }).default('epoch'),
  logY: z.boolean().default(false),
  /** Exponential moving average weight; 0 (the default) draws the raw numbers. */
  smoothing: z.number().min(0, { error: 'smoothing is at least 0' }).max(0.99, { error: 'smoothing is at most 0.99' }).default(0),
  /** Runs to draw in this panel (a subset of the figure's runs); all of them when absent. */
  runs: panelRuns,
});

const klPanel = z.strictObject({
  kind: z.literal('kl-per-dim'),
  style: z.enum(['bars', 'heatmap'], { error: 'style must be bars or heatmap' }).default('bars'),
  /** The evaluation to show: an epoch number, or the last one each run has. */
  epoch: z.union([z.literal('last'), z.number().int().min(1, { error: 'epochs count from 1' })]).default('last'),
  logY: z.boolean().default(false),
  runs: panelRuns,
});

const rateDistortionPanel = z.strictObject({
  kind: z.literal('rate-distortion'),
  /** Every evaluated epoch as a path, or only the last point of each run. */
  points: z.enum(['all-epochs', 'last'], { error: 'points must be all-epochs or last' }).default('all-epochs'),
  runs: panelRuns,
});

const latentScatterPanel = z.strictObject({
  kind: z.literal('latent-scatter'),
  /** The snapshot to show: an epoch number, or the last one. The panel draws its first run. */
  epoch: z.union([z.literal('last'), z.number().int().min(1, { error: 'epochs count from 1' })]).default('last'),
  runs: panelRuns,
});

const imagesPanel = z.strictObject({
  kind: z.literal('images'),
  /** Which of the epoch's image grids: held-out reconstructions, prior samples or latent traversals. */
  grid: z.enum(['reconstructions', 'samples', 'traversals'], { error: 'grid must be reconstructions, samples or traversals' }).default('reconstructions'),
  epoch: z.union([z.literal('last'), z.number().int().min(1, { error: 'epochs count from 1' })]).default('last'),
  runs: panelRuns,
});

const pointIndex = z.number().int({ error: 'a point is a held-out point index' }).min(0, { error: 'point indices count from 0' }).max(1_000_000);
const interpolationPathKind = z.enum(['spherical', 'linear'], { error: 'path must be spherical or linear' });
const stripSteps = z.number().int().min(2, { error: 'a strip has at least 2 steps' }).max(16, { error: 'a strip has at most 16 steps' });

/**
 * An interpolation strip as decoded when the figure was made: the run's decoder at one epoch's
 * checkpoint, fed the path between two held-out points' posterior means. Stored in the spec, so the
 * figure re-renders from the store alone after that checkpoint is pruned or the run trains on; it
 * records what it was decoded from, and is redrawn only while the panel still asks for exactly that.
 */
export const decodedStripSchema = z.strictObject({
  runId,
  /** The epoch whose latent snapshot and checkpoint it came from ('last' resolved when decoded). */
  epoch: z.number().int().min(1),
  from: pointIndex,
  to: pointIndex,
  path: interpolationPathKind,
  steps: stripSteps,
  /** Class labels of the two endpoints, when the dataset has labels. */
  fromLabel: z.number().int().nullable(),
  toLabel: z.number().int().nullable(),
  /** The strip's pixels as PNG (lossless), base64: `steps` tiles in one row. */
  width: z.number().int().min(1).max(8192),
  height: z.number().int().min(1).max(8192),
  pngBase64: z.string().max(8_000_000, { error: 'a decoded strip is at most 8 MB' }).regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'a decoded strip is base64 PNG data' }),
});

const interpolationPanel = z.strictObject({
  kind: z.literal('interpolation'),
  /** The epoch whose checkpoint decodes (and whose held-out latent means are the endpoints). */
  epoch: z.union([z.literal('last'), z.number().int().min(1, { error: 'epochs count from 1' })]).default('last'),
  /** Held-out points (indices into the epoch's latent snapshot) to walk between. */
  from: pointIndex.default(0),
  to: pointIndex.default(1),
  path: interpolationPathKind.default('spherical'),
  steps: stripSteps.default(9),
  /** The strip as decoded when the figure was saved; absent until then. */
  strip: decodedStripSchema.optional(),
  runs: panelRuns,
});

export const figurePanelSchema = z.discriminatedUnion('kind', [curvesPanel, klPanel, rateDistortionPanel, latentScatterPanel, imagesPanel, interpolationPanel], {
  error: 'a panel kind must be curves, kl-per-dim, rate-distortion, latent-scatter, images or interpolation',
});

export const figureSpecSchema = z.strictObject({
  version: z.literal(FIGURE_SPEC_VERSION).default(FIGURE_SPEC_VERSION),
  name: z.string().trim().min(1, { error: 'a figure needs a name' }).max(200, { error: 'a figure name has at most 200 characters' }),
  /** Every run the figure shows, in legend (and colour) order. */
  runs: z.array(runId).min(1, { error: 'choose at least one run' }).max(12, { error: 'a figure shows at most 12 runs' }),
  panels: z.array(figurePanelSchema).min(1, { error: 'add at least one panel' }).max(9, { error: 'a figure has at most 9 panels' }),
  layout: z
    .strictObject({
      /** Panels per row; panels fill rows left to right. 1×N is columns = N, 2×2 is columns = 2. */
      columns: z.number().int().min(1).max(9).default(2),
      /** Small multiples: panels of the same kind share their y range. */
      shareY: z.boolean().default(false),
      panelLetters: z.boolean().default(true),
    })
    .prefault({}),
  size: z
    .strictObject({
      width: z.number().positive({ error: 'width must be positive' }).max(50, { error: 'width is at most 50 (in or cm)' }),
      height: z.number().positive({ error: 'height must be positive' }).max(50, { error: 'height is at most 50 (in or cm)' }),
      unit: z.enum(['in', 'cm'], { error: 'unit must be in or cm' }),
    })
    .prefault({ width: SIZE_PRESETS.singleColumn.width, height: 2.2, unit: 'in' }),
  font: z
    .strictObject({
      family: z.enum(['serif', 'sans'], { error: 'font family must be serif or sans' }).default('serif'),
      sizePt: z.number().min(5, { error: 'font size is at least 5 pt' }).max(14, { error: 'font size is at most 14 pt' }).default(8),
    })
    .prefault({}),
  palette: z.enum(['okabe-ito', 'greyscale'], { error: 'palette must be okabe-ito or greyscale' }).default('okabe-ito'),
  legend: z.enum(['top', 'bottom', 'right', 'none'], { error: 'legend must be top, bottom, right or none' }).default('top'),
});

export type FigureSpec = z.output<typeof figureSpecSchema>;
export type FigureSpecInput = z.input<typeof figureSpecSchema>;
export type FigurePanel = FigureSpec['panels'][number];
export type FigurePanelKind = FigurePanel['kind'];
export type InterpolationPanel = Extract<FigurePanel, { kind: 'interpolation' }>;
export type DecodedStrip = z.output<typeof decodedStripSchema>;

/** What a strip is decoded from: the panel's run, epoch, endpoints, path and step count. */
export interface StripRequest {
  runId: string;
  epoch: number | 'last';
  from: number;
  to: number;
  path: 'spherical' | 'linear';
  steps: number;
}

export function stripRequest(spec: FigureSpec, panel: InterpolationPanel): StripRequest | null {
  const runId = panelRunIds(spec, panel)[0];
  return runId === undefined ? null : { runId, epoch: panel.epoch, from: panel.from, to: panel.to, path: panel.path, steps: panel.steps };
}

/** Whether a decoded strip is the one a request asks for ('last' takes whichever epoch it was decoded at). */
export function stripAnswers(strip: DecodedStrip, request: StripRequest): boolean {
  return (
    strip.runId === request.runId &&
    (request.epoch === 'last' || strip.epoch === request.epoch) &&
    strip.from === request.from &&
    strip.to === request.to &&
    strip.path === request.path &&
    strip.steps === request.steps
  );
}

/** A spec with a clear error naming every bad field, for the CLI, the API and the store. */
export function parseFigureSpec(input: unknown): FigureSpec {
  const result = figureSpecSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`);
  throw new WorkbenchError({ code: 'BAD_REQUEST', message: `invalid figure spec: ${problems.join('; ')}` });
}

/** The runs a panel draws: its own subset in the figure's order, or all of the figure's runs. */
export function panelRunIds(spec: FigureSpec, panel: FigurePanel): string[] {
  if (!panel.runs || panel.runs.length === 0) return spec.runs;
  return spec.runs.filter((id) => panel.runs?.includes(id));
}

const POINTS_PER_INCH = 72;
const CM_PER_INCH = 2.54;

/** The figure's size in PostScript points: 1 SVG user unit = 1 pt, so font sizes in pt carry over. */
export function figureSizePt(spec: FigureSpec): { width: number; height: number } {
  const toInches = spec.size.unit === 'in' ? 1 : 1 / CM_PER_INCH;
  return {
    width: Math.round(spec.size.width * toInches * POINTS_PER_INCH * 100) / 100,
    height: Math.round(spec.size.height * toInches * POINTS_PER_INCH * 100) / 100,
  };
}
