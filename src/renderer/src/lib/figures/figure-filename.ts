/**
 * File names for exported figures, built from the run, the chart and the epoch:
 * `beta-vae-mnist_loss_epoch-12.svg`. Safe on Windows, macOS and Linux and in LaTeX \includegraphics
 * (no spaces, no characters outside [A-Za-z0-9._-]).
 */
export type FigureExtension = 'png' | 'svg' | 'csv' | 'json';

export interface FigureNameParts {
  runName: string;
  /** What the figure shows, e.g. "loss", "kl-heatmap". */
  chart: string;
  /** The epoch the figure shows; left out when null or undefined (e.g. a whole-run curve). */
  epoch?: number | null;
  extension: FigureExtension;
}

const MAX_PART_LENGTH = 60;

/** Greek letters ML run names use ("β-VAE", "λ=0.1") spelled out rather than lost. */
const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', η: 'eta', θ: 'theta', κ: 'kappa',
  λ: 'lambda', μ: 'mu', ν: 'nu', π: 'pi', ρ: 'rho', σ: 'sigma', τ: 'tau', φ: 'phi', ω: 'omega',
};

/** One name part reduced to [A-Za-z0-9._-]: accents dropped, everything else a single hyphen. */
export function sanitizeNamePart(text: string): string {
  const cleaned = text
    .replace(/[α-ω]/g, (letter) => GREEK[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    // Leading dots hide files on Unix; trailing dots and hyphens are dropped by Windows or look odd.
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_PART_LENGTH)
    .replace(/[-.]+$/g, '');
  return cleaned;
}

export function figureFileName(parts: FigureNameParts): string {
  if (parts.epoch != null && (!Number.isInteger(parts.epoch) || parts.epoch < 0)) {
    throw new RangeError(`figure epoch must be a non-negative integer, got ${parts.epoch}`);
  }
  const pieces = [sanitizeNamePart(parts.runName) || 'run', sanitizeNamePart(parts.chart) || 'figure'];
  if (parts.epoch != null) pieces.push(`epoch-${parts.epoch}`);
  return `${pieces.join('_')}.${parts.extension}`;
}
