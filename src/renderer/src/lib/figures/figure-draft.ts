/**
 * Starting points and edits for a figure being built in the Figures view. Pure, so it is unit-tested:
 * a new figure for chosen runs, new panels of each kind, the size presets in either unit.
 */
import { EVAL_KEYS } from '../../../../shared/metric-keys';
import { SIZE_PRESETS, type FigurePanelKind, type FigureSpecInput } from '../../../../shared/figures/figure-spec';

type PanelInput = FigureSpecInput['panels'][number];

/** A figure for these runs: validation ELBO by epoch, and KL per dimension, one column wide. */
export function newFigureSpec(runIds: readonly string[], name: string): FigureSpecInput {
  return {
    name,
    runs: [...runIds],
    panels: [newPanel('curves'), newPanel('kl-per-dim')],
    layout: { columns: 2, shareY: false, panelLetters: true },
    size: { width: SIZE_PRESETS.singleColumn.width, height: 2.2, unit: 'in' },
    font: { family: 'serif', sizePt: 8 },
    palette: 'okabe-ito',
    legend: 'top',
  };
}

export function newPanel(kind: FigurePanelKind): PanelInput {
  switch (kind) {
    case 'curves':
      return { kind, metric: EVAL_KEYS.elbo, x: 'epoch', logY: false, smoothing: 0 };
    case 'kl-per-dim':
      return { kind, style: 'bars', epoch: 'last', logY: false };
    case 'rate-distortion':
      return { kind, points: 'all-epochs' };
    case 'latent-scatter':
      return { kind, epoch: 'last' };
    case 'images':
      return { kind, grid: 'reconstructions', epoch: 'last' };
    case 'interpolation':
      // The first two held-out points of the newest epoch that kept a checkpoint, on the sphere.
      return { kind, epoch: 'last', from: 0, to: 1, path: 'spherical', steps: 9 };
  }
}

const CM_PER_INCH = 2.54;

/** A preset width in the figure's unit, to two decimals. */
export function presetWidth(preset: keyof typeof SIZE_PRESETS, unit: 'in' | 'cm'): number {
  const inches = SIZE_PRESETS[preset].width;
  return unit === 'in' ? inches : Math.round(inches * CM_PER_INCH * 100) / 100;
}

/** Width and height converted when the user switches unit, so the figure keeps its size. */
export function convertSize(size: { width: number; height: number }, from: 'in' | 'cm', to: 'in' | 'cm'): { width: number; height: number } {
  if (from === to) return size;
  const factor = to === 'cm' ? CM_PER_INCH : 1 / CM_PER_INCH;
  return { width: Math.round(size.width * factor * 100) / 100, height: Math.round(size.height * factor * 100) / 100 };
}

/** A name not yet taken among saved figures: "Figure 1", "Figure 2", … */
export function freshFigureName(taken: readonly string[]): string {
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  for (let n = 1; ; n++) if (!lower.has(`figure ${n}`)) return `Figure ${n}`;
}
