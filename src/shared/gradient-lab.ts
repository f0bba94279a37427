/**
 * The gradient-estimator lab's request and result: on a fixed batch, the encoder's gradient of the
 * training loss (−ELBO with the KL in closed form) estimated by the reparameterization trick and by
 * the score function (REINFORCE), without and with a baseline, for several sample counts L, each
 * estimate repeated R times so its variance and signal-to-noise ratio can be measured.
 */

export const GRADIENT_ESTIMATORS = ['reparameterization', 'score-function', 'score-function-baseline'] as const;
export type GradientEstimatorName = (typeof GRADIENT_ESTIMATORS)[number];

export const GRADIENT_ESTIMATOR_LABELS: Record<GradientEstimatorName, string> = {
  reparameterization: 'Reparameterization',
  'score-function': 'Score function',
  'score-function-baseline': 'Score function + baseline',
};

/** What each estimator computes, for tooltips and the CLI's help. */
export const GRADIENT_ESTIMATOR_HELP: Record<GradientEstimatorName, string> = {
  reparameterization: '∇φ of (1/L) Σ_l −log p(x | μ + σ·ε_l), through the decoder (Kingma & Welling 2014)',
  'score-function': '(1/L) Σ_l −log p(x | z_l) · ∇φ log q(z_l | x), z_l held fixed (REINFORCE, Williams 1992)',
  'score-function-baseline': 'as the score function with log p(x | z_l) − log p(x | μ): the decoder at the posterior mean is a baseline that does not depend on z_l, so the estimate stays unbiased',
};

export const DEFAULT_GRADIENT_SAMPLES = [1, 4, 16, 64] as const;
export const DEFAULT_GRADIENT_REPLICATES = 32;
export const DEFAULT_GRADIENT_POINTS = 32;
export const MAX_GRADIENT_SAMPLES = 1024;
export const MAX_GRADIENT_REPLICATES = 1000;
export const MAX_GRADIENT_POINTS = 1024;

export interface GradientLabParams {
  /** Sample counts L per estimate (per data point), ascending, e.g. 1, 4, 16, 64. */
  samples: number[];
  /** Independent estimates per (estimator, L): the variance is measured across them. */
  replicates: number;
  /** Data points in the fixed batch: the first points of the run's evaluation split, in its fixed order. */
  points: number;
}

/** One parameter group's statistics over the R replicates, per coordinate then summarised. */
export interface GradientGroupStats {
  group: string;
  /** Coordinates in the group. */
  size: number;
  /** Mean over coordinates of the variance of one estimate (across replicates). */
  variance: number;
  /** Mean over coordinates of |mean| / sd (Rainforth et al. 2018); coordinates with sd = 0 are left out. */
  snr: number;
  /** Median over coordinates of |mean| / sd. */
  snrMedian: number;
  /** ‖mean estimate‖₂ over the group: how large the gradient itself is. */
  meanNorm: number;
}

export interface GradientLabRow {
  estimator: GradientEstimatorName;
  samples: number;
  /** Median wall-clock milliseconds per estimate (one gradient over the batch). */
  msPerEstimate: number;
  /** Decoder passes (rows through the decoder) per estimate: points · L, plus points for the baseline. */
  decoderRowsPerEstimate: number;
  groups: GradientGroupStats[];
  /** All encoder coordinates together. */
  total: GradientGroupStats;
}

export interface GradientLabResult {
  runId: string;
  epoch: number;
  step: number;
  split: 'validation' | 'test';
  points: number;
  replicates: number;
  samples: number[];
  backend: string;
  groups: { name: string; size: number }[];
  rows: GradientLabRow[];
  /** Wall-clock seconds for the whole lab. */
  seconds: number;
}

/** Progress of a lab on request (0..1, in estimates done). */
export interface GradientLabProgressEvent {
  runId: string;
  fraction: number;
}

/** "1,4,16,64" -> [1, 4, 16, 64]; throws naming the bad entry. */
export function parseSampleCounts(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const counts = parts.map((part) => {
    const n = Number(part);
    if (part === '' || !Number.isInteger(n) || n < 1 || n > MAX_GRADIENT_SAMPLES) {
      throw new RangeError(`each sample count must be a whole number from 1 to ${MAX_GRADIENT_SAMPLES}, got "${part}"`);
    }
    return n;
  });
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The SNR a coordinate with no signal at all shows when measured from R estimates: |mean| / sd is
 * then |t| / √R with t Student-distributed on R − 1 degrees of freedom, whose mean is
 * E|t_ν| = √(ν/π) Γ((ν−1)/2) / Γ(ν/2) (≈ √(2/π) for large ν): about 0.146 for R = 32. Measured SNRs
 * near this floor mean "indistinguishable from zero", not "this small".
 */
export function snrNoiseFloor(replicates: number): number {
  const nu = replicates - 1;
  if (nu < 2) return Number.POSITIVE_INFINITY;
  return Math.sqrt(nu / Math.PI) * Math.exp(logGamma((nu - 1) / 2) - logGamma(nu / 2)) / Math.sqrt(replicates);
}
