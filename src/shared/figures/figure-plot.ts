/**
 * Spec + data → the exact numbers each panel draws. Both the chart options and the "export with
 * data" CSV are made from this one plot, so the CSV holds precisely what is drawn.
 */
import type { FigureData, FigureRunData } from './figure-data';
import { axisTitle, figureMetricLabel, X_AXIS_TITLES } from './figure-metrics';
import { type FigurePanel, type FigureSpec, panelRunIds } from './figure-spec';
import { emaSmooth } from './ema-smoothing';
import { imagesPanel, interpolationPanel } from './image-panels';

export interface PlotLine {
  runId: string;
  runName: string;
  /** Index of the run in the figure: its colour, dash and marker. */
  styleIndex: number;
  /** [x, y] pairs as drawn. */
  points: [number, number][];
  /** The unsmoothed numbers, drawn faint beside a smoothed line; null when not smoothed. */
  raw: [number, number][] | null;
  /** Epoch of each point (rate–distortion paths and curves), for the CSV. */
  epochs: number[];
}

export interface PlotBars {
  runId: string;
  runName: string;
  styleIndex: number;
  /** The evaluation shown. */
  epoch: number;
  values: number[];
}

interface PanelBase {
  /** "a", "b", …: the panel's letter whether or not it is printed. */
  letter: string;
  xTitle: string;
  yTitle: string;
  logY: boolean;
  /** A short note the panel prints under its letter (smoothing), or null. */
  note: string | null;
}

export type PlotPanel =
  | (PanelBase & { kind: 'curves'; metric: string; x: 'step' | 'epoch' | 'time'; smoothing: number; lines: PlotLine[] })
  | (PanelBase & { kind: 'kl-per-dim'; style: 'bars' | 'heatmap'; bars: PlotBars[]; threshold: boolean })
  | (PanelBase & { kind: 'rate-distortion'; lines: PlotLine[] })
  | (PanelBase & { kind: 'latent-scatter'; scatter: PlotScatter | null })
  | (PanelBase & { kind: 'images'; image: PlotImage | null });

/** One run's image grid or decoded interpolation strip, drawn as the PNG it was stored as. */
export interface PlotImage {
  runId: string;
  runName: string;
  epoch: number;
  grid: 'reconstructions' | 'samples' | 'traversals' | 'interpolation';
  width: number;
  height: number;
  dataUrl: string;
}

/** One run's latent codes at one epoch, split by class label. */
export interface PlotScatter {
  runId: string;
  runName: string;
  epoch: number;
  classes: { label: number; points: [number, number][] }[];
}

/** KL below which a latent dimension counts as collapsed (nats): the dashed line on KL bars. */
export const COLLAPSE_THRESHOLD_NATS = 0.01;

/**
 * Whether the threshold line can be seen apart from the axis: always on a log axis; on a linear one
 * only while it is at least 1% of the tallest bar (0.01 nats under bars of 8 nats is on the axis line,
 * and a note naming an invisible dashed line would send the reader looking for it).
 */
function thresholdVisible(bars: readonly PlotBars[], logY: boolean): boolean {
  if (bars.length === 0) return false;
  return logY || Math.max(...bars.flatMap((bar) => bar.values)) <= COLLAPSE_THRESHOLD_NATS * 100;
}

export interface FigurePlot {
  panels: PlotPanel[];
}

export function panelLetter(index: number): string {
  return String.fromCharCode('a'.charCodeAt(0) + index);
}

export function plotFigure(spec: FigureSpec, data: FigureData): FigurePlot {
  const byId = new Map(data.runs.map((run) => [run.id, run]));
  const styleIndex = new Map(spec.runs.map((id, index) => [id, index]));
  const runsOf = (panel: FigurePanel): { run: FigureRunData; style: number }[] =>
    panelRunIds(spec, panel).flatMap((id) => {
      const run = byId.get(id);
      return run ? [{ run, style: styleIndex.get(id) ?? 0 }] : [];
    });
  return {
    panels: spec.panels.map((panel, index): PlotPanel => {
      const letter = panelLetter(index);
      switch (panel.kind) {
        case 'curves': {
          const label = figureMetricLabel(panel.metric);
          const lines = runsOf(panel).map(({ run, style }) => curveLine(run, style, panel.metric, panel.x, panel.smoothing));
          const note = panel.smoothing > 0 ? `EMA smoothing ${panel.smoothing}; raw values faint` : null;
          return { kind: 'curves', letter, metric: panel.metric, x: panel.x, smoothing: panel.smoothing, lines, logY: panel.logY, note, xTitle: X_AXIS_TITLES[panel.x], yTitle: axisTitle(label) };
        }
        case 'kl-per-dim': {
          const bars = runsOf(panel).flatMap(({ run, style }): PlotBars[] => {
            const evaluation = panel.epoch === 'last' ? run.evaluations.at(-1) : run.evaluations.find((e) => e.epoch === panel.epoch);
            if (!evaluation || evaluation.klPerDim.length === 0) return [];
            return [{ runId: run.id, runName: run.name, styleIndex: style, epoch: evaluation.epoch, values: evaluation.klPerDim }];
          });
          const epochs = [...new Set(bars.map((bar) => bar.epoch))];
          const shown = epochs.length === 1 ? `epoch ${epochs[0]}` : bars.map((bar) => `${bar.runName}: epoch ${bar.epoch}`).join(', ');
          const threshold = panel.style === 'bars' && thresholdVisible(bars, panel.logY);
          // The collapse threshold is named here rather than on the line, where a label would sit on bars.
          const note = [shown, threshold ? `dashed: ${COLLAPSE_THRESHOLD_NATS} nats` : ''].filter(Boolean).join('; ') || null;
          return { kind: 'kl-per-dim', letter, style: panel.style, bars, threshold, logY: panel.logY, note, xTitle: 'Latent dimension', yTitle: 'KL (nats)' };
        }
        case 'rate-distortion': {
          const lines = runsOf(panel).map(({ run, style }): PlotLine => {
            const evaluations = panel.points === 'last' ? run.evaluations.slice(-1) : run.evaluations;
            return {
              runId: run.id,
              runName: run.name,
              styleIndex: style,
              points: evaluations.map((e): [number, number] => [e.kl, e.recon]),
              raw: null,
              epochs: evaluations.map((e) => e.epoch),
            };
          });
          // Short axis titles (a y title longer than a small panel would run into the letter); the note says which split.
          return { kind: 'rate-distortion', letter, lines, logY: false, note: 'validation, per epoch', xTitle: 'Rate: KL (nats)', yTitle: 'Distortion (nats)' };
        }
        case 'latent-scatter':
          return latentPanel(letter, runsOf(panel)[0]?.run ?? null, panel.epoch);
        case 'images':
          return imagesPanel(letter, runsOf(panel)[0]?.run ?? null, panel.grid, panel.epoch);
        case 'interpolation':
          return interpolationPanel(letter, spec, panel, data);
      }
    }),
  };
}

function curveLine(run: FigureRunData, styleIndex: number, metric: string, x: 'step' | 'epoch' | 'time', smoothing: number): PlotLine {
  const points = run.series[metric] ?? [];
  const raw = points.map((point): [number, number] => [point[x], point.value]);
  const epochs = points.map((point) => point.epoch);
  if (smoothing === 0) return { runId: run.id, runName: run.name, styleIndex, points: raw, raw: null, epochs };
  const smoothed = emaSmooth(raw.map(([, value]) => value), smoothing);
  return { runId: run.id, runName: run.name, styleIndex, points: raw.map(([xValue], i) => [xValue, smoothed[i] ?? Number.NaN]), raw, epochs };
}

function latentPanel(letter: string, run: FigureRunData | null, epoch: number | 'last'): PlotPanel {
  const latent = run ? (epoch === 'last' ? run.latents.at(-1) : run.latents.find((candidate) => candidate.epoch === epoch)) : undefined;
  if (!run || !latent) {
    return { kind: 'latent-scatter', letter, scatter: null, logY: false, note: run ? `${run.name}: no latent snapshot` : 'no run', xTitle: 'z1', yTitle: 'z2' };
  }
  const byLabel = new Map<number, [number, number][]>();
  latent.labels.forEach((label, i) => {
    const points = byLabel.get(label) ?? [];
    points.push([latent.projection[2 * i] ?? Number.NaN, latent.projection[2 * i + 1] ?? Number.NaN]);
    byLabel.set(label, points);
  });
  const classes = [...byLabel.entries()].sort((a, b) => a[0] - b[0]).map(([label, points]) => ({ label, points }));
  const ratio = latent.explainedVarianceRatio;
  const [xTitle, yTitle] =
    latent.projectionKind === 'pca' && ratio
      ? [`PC 1 (${Math.round(ratio[0] * 100)}% var.)`, `PC 2 (${Math.round(ratio[1] * 100)}% var.)`]
      : latent.projectionKind === 'pad'
        ? ['Mean z1', '']
        : ['Mean z1', 'Mean z2'];
  return { kind: 'latent-scatter', letter, scatter: { runId: run.id, runName: run.name, epoch: latent.epoch, classes }, logY: false, note: `${run.name}, epoch ${latent.epoch}; posterior means`, xTitle, yTitle };
}
