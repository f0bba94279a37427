/**
 * Every metric a run logs, described once: its key, what charts and figures call it, its unit, which
 * end is better and what it measures. `train/*` keys come from the worker's step reports, `eval/*`
 * keys from its per-epoch held-out evaluation (see metric-points.ts). The run dashboard, the Compare
 * view, figures and the store's comparison read this catalogue, so a new metric is added here alone.
 */

export const TRAIN_KEYS = {
  loss: 'train/loss',
  recon: 'train/recon',
  kl: 'train/kl',
  beta: 'train/beta',
  gradNorm: 'train/grad_norm',
  lr: 'train/lr',
  samplesPerSec: 'train/samples_per_sec',
  vqLoss: 'train/vq_loss',
  gradientSnr: 'train/grad_snr',
  gradientSnrBody: 'train/grad_snr_body',
  gradientSnrHeadMu: 'train/grad_snr_head_mu',
  gradientSnrHeadLogVar: 'train/grad_snr_head_logvar',
} as const;

export const EVAL_KEYS = {
  elbo: 'eval/elbo',
  recon: 'eval/recon',
  kl: 'eval/kl',
  iwaeBound: 'eval/iwae_bound',
  nll: 'eval/nll',
  bitsPerDim: 'eval/bits_per_dim',
  activeUnits: 'eval/active_units',
  mutualInformation: 'eval/mutual_information',
  unusedDims: 'eval/unused_dims',
  marginalKl: 'eval/marginal_kl',
  generalizationGap: 'eval/generalization_gap',
  trainSubsetElbo: 'eval/train_subset_elbo',
  collapsedDims: 'eval/collapsed_dims',
  codebookPerplexity: 'eval/codebook_perplexity',
  codebookUsed: 'eval/codebook_used',
} as const;

/** Which end of a metric is better: 'max' (higher) or 'min' (lower). */
export type MetricDirection = 'min' | 'max';

/** Views that offer a metric: the run dashboard loads it, Compare overlays it, figure panels plot it. */
export type MetricView = 'dashboard' | 'compare' | 'figures';

export interface MetricInfo {
  key: string;
  /** What an axis, a menu or a figure calls it. */
  label: string;
  /** Unit of its values, null for a pure number (a weight, a rate, a norm). */
  unit: string | null;
  /**
   * Which end is better, or null where neither is: a lower KL is not a better model (it may be a
   * collapsed one), and β, the learning rate and the gradient norm are settings or symptoms, not scores.
   */
  direction: MetricDirection | null;
  /** One line: what it measures, and on which data. */
  description: string;
  shownIn: readonly MetricView[];
}

/** In the order menus and tables list them: training curves first, then the held-out numbers. */
export const METRIC_CATALOGUE: readonly MetricInfo[] = [
  {
    key: TRAIN_KEYS.loss,
    label: 'Training loss',
    unit: 'nats',
    direction: 'min',
    description: 'The minimised objective per example on each training batch: −ELBO with β and free bits, the −IWAE bound, or the VQ loss.',
    shownIn: ['dashboard', 'compare', 'figures'],
  },
  { key: TRAIN_KEYS.recon, label: 'Training reconstruction', unit: 'nats', direction: 'min', description: '−log p(x | z) per example on each training batch.', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: TRAIN_KEYS.kl, label: 'Training KL', unit: 'nats', direction: null, description: 'Σ_d KL(q(z_d | x) ‖ p(z_d)) per example on each training batch; 0 for a VQ-VAE.', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: TRAIN_KEYS.beta, label: 'KL weight beta', unit: null, direction: null, description: 'The KL weight β the step used (after any warm-up schedule).', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: TRAIN_KEYS.gradNorm, label: 'Gradient norm', unit: null, direction: null, description: 'Global L2 norm of the gradient before clipping.', shownIn: ['figures'] },
  { key: TRAIN_KEYS.lr, label: 'Learning rate', unit: null, direction: null, description: 'The optimiser’s learning rate at the step.', shownIn: ['figures'] },
  { key: TRAIN_KEYS.samplesPerSec, label: 'Throughput', unit: 'samples/s', direction: 'max', description: 'Training examples per second over the report window the step belongs to.', shownIn: ['dashboard', 'figures'] },
  { key: TRAIN_KEYS.vqLoss, label: 'VQ commitment loss', unit: null, direction: 'min', description: 'A VQ-VAE’s commitment loss β‖z_e − sg(e)‖² per example on each training batch.', shownIn: ['dashboard', 'figures'] },
  {
    key: TRAIN_KEYS.gradientSnr,
    label: 'Gradient SNR, encoder',
    unit: null,
    // It falls as training converges (the mean gradient shrinks): a symptom to read, not a score.
    direction: null,
    description: 'R reparameterization estimates (L = 1, the ELBO’s training estimator) of the encoder’s −ELBO gradient on the step’s training batch: |mean| / sd per coordinate, averaged over every encoder weight (Rainforth et al. 2018); every diagnostics.gradientSnrEvery steps.',
    shownIn: ['dashboard', 'compare', 'figures'],
  },
  { key: TRAIN_KEYS.gradientSnrBody, label: 'Gradient SNR, encoder body', unit: null, direction: null, description: 'R reparameterization estimates (L = 1, the ELBO’s training estimator) of the encoder’s −ELBO gradient on the step’s training batch: |mean| / sd per coordinate, averaged over the encoder’s layers below its head.', shownIn: ['dashboard', 'figures'] },
  { key: TRAIN_KEYS.gradientSnrHeadMu, label: 'Gradient SNR, encoder head μ', unit: null, direction: null, description: 'R reparameterization estimates (L = 1, the ELBO’s training estimator) of the encoder’s −ELBO gradient on the step’s training batch: |mean| / sd per coordinate, averaged over the weights of the head’s μ outputs.', shownIn: ['dashboard', 'figures'] },
  { key: TRAIN_KEYS.gradientSnrHeadLogVar, label: 'Gradient SNR, encoder head log σ²', unit: null, direction: null, description: 'R reparameterization estimates (L = 1, the ELBO’s training estimator) of the encoder’s −ELBO gradient on the step’s training batch: |mean| / sd per coordinate, averaged over the weights of the head’s log σ² outputs.', shownIn: ['dashboard', 'figures'] },
  {
    key: EVAL_KEYS.elbo,
    label: 'Validation ELBO',
    unit: 'nats',
    direction: 'max',
    description: 'ELBO per example (one z sample per point) on the held-out split: validation, or test when the run holds none out.',
    shownIn: ['dashboard', 'compare', 'figures'],
  },
  { key: EVAL_KEYS.recon, label: 'Validation reconstruction', unit: 'nats', direction: 'min', description: '−log p(x | z) per example on the held-out split.', shownIn: ['dashboard', 'figures'] },
  { key: EVAL_KEYS.nll, label: 'Validation NLL (IWAE)', unit: 'nats', direction: 'min', description: 'Upper bound on −log p(x) per example from the IWAE bound; logged only when the likelihood is one.', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: EVAL_KEYS.bitsPerDim, label: 'Validation NLL', unit: 'bits/dim', direction: 'min', description: 'The held-out NLL bound in bits per data dimension.', shownIn: ['figures'] },
  {
    key: EVAL_KEYS.iwaeBound,
    label: 'Validation IWAE bound',
    unit: 'nats',
    direction: 'max',
    description: 'The IWAE-K lower bound on log p per example, on the split’s first points: an NLL bound only when the likelihood is one.',
    shownIn: ['compare'],
  },
  { key: EVAL_KEYS.kl, label: 'Validation KL', unit: 'nats', direction: null, description: 'KL(q(z | x) ‖ p(z)) per example on the held-out split.', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: EVAL_KEYS.activeUnits, label: 'Active units', unit: 'units', direction: 'max', description: 'Latent dimensions whose posterior mean varies across inputs: Var_x(μ_d) > 0.01 (Burda et al. 2016).', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: EVAL_KEYS.mutualInformation, label: 'Mutual information', unit: 'nats', direction: 'max', description: 'I_q(x; z) on held-out points (He et al. 2019’s estimator, each sample scored under its own posterior and the aggregate); it cannot exceed ln N.', shownIn: ['dashboard', 'compare', 'figures'] },
  { key: EVAL_KEYS.marginalKl, label: 'Marginal KL', unit: 'nats', direction: 'min', description: 'KL(q(z) ‖ p(z)) = E[KL] − I(x; z) on the mutual information’s points.', shownIn: ['compare'] },
  { key: EVAL_KEYS.unusedDims, label: 'Unused dimensions', unit: 'units', direction: null, description: 'Dimensions with Var_x(μ_d) ≤ 0.01: unused (pruned), not a failure by themselves.', shownIn: [] },
  { key: EVAL_KEYS.collapsedDims, label: 'Collapsed dimensions', unit: 'units', direction: null, description: 'Legacy: runs recorded before the information-based verdict counted “collapsed” dimensions here.', shownIn: ['figures'] },
  { key: EVAL_KEYS.generalizationGap, label: 'Generalisation gap', unit: 'nats', direction: null, description: 'ELBO on a fixed training subset minus the held-out ELBO.', shownIn: ['compare'] },
  { key: EVAL_KEYS.trainSubsetElbo, label: 'Training-subset ELBO', unit: 'nats', direction: null, description: 'ELBO per example on a fixed subset of the training data, for the generalisation gap.', shownIn: [] },
  { key: EVAL_KEYS.codebookPerplexity, label: 'Codebook perplexity', unit: 'codes', direction: 'max', description: 'exp(entropy of the code histogram) on held-out points: the effective number of codes in use.', shownIn: ['figures'] },
  { key: EVAL_KEYS.codebookUsed, label: 'Codes used', unit: 'codes', direction: 'max', description: 'Codes a VQ-VAE picked at least once on the held-out points.', shownIn: ['figures'] },
];

const BY_KEY: ReadonlyMap<string, MetricInfo> = new Map(METRIC_CATALOGUE.map((metric) => [metric.key, metric]));

/** The catalogue's entry for a key; undefined for a key no version of the worker has logged. */
export function metricInfo(key: string): MetricInfo | undefined {
  return BY_KEY.get(key);
}

/** Which end of a metric is better; a key outside the catalogue is taken for a loss (lower is better). */
export function metricDirection(key: string): MetricDirection | null {
  const metric = BY_KEY.get(key);
  return metric ? metric.direction : 'min';
}

/** The keys a view offers, in catalogue order. */
export function metricKeysShownIn(view: MetricView): string[] {
  return METRIC_CATALOGUE.filter((metric) => metric.shownIn.includes(view)).map((metric) => metric.key);
}
