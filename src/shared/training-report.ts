/**
 * What a training worker streams while it runs: a discriminated union on `type`, in the order a run
 * produces them (started, then metrics batches, per-epoch evaluation/snapshot/checkpoint, and one
 * finished or failed). Plain data only; images and latent points travel as typed arrays, which
 * structured clone (Electron's utilityProcess, `fork` with serialization: 'advanced') carries as is.
 */
import type { BackendPreference } from './config';
import type { CollapseVerdict } from './collapse-verdict';
import type { DatasetInfo } from './dataset';

export type BackendName = 'tensorflow' | 'cpu-blas' | 'wasm' | 'cpu';

/** The backend a run actually uses (always read back with tf.getBackend(), never assumed). */
export interface BackendInfo {
  requested: BackendPreference;
  name: BackendName;
  /** Human-readable device, e.g. "WebAssembly (SIMD, 1 thread)" or "TensorFlow 2.9.1 (GPU)". */
  device: string;
  gpu: boolean;
  /** Why each candidate before the chosen one was skipped, in the order tried. */
  skipped: { candidate: BackendPreference; reason: string }[];
}

/** One optimizer step, read back from the device in batches. */
export interface StepMetrics {
  /** Global optimizer step, counted from 0. */
  step: number;
  /** Index of the epoch the step belongs to, counted from 0. */
  epoch: number;
  /** The minimized objective per example (−ELBO with β and free bits, −IWAE bound, or the VQ loss). */
  loss: number;
  /** −log p(x | z) per example, nats. */
  recon: number;
  /** Σ_d KL(q(z_d | x) ‖ p(z_d)) per example, nats (0 for a VQ-VAE). */
  kl: number;
  /** VQ-VAE commitment loss β‖z_e − sg(e)‖² (the codebook follows moving averages); null for a VAE. */
  vqLoss: number | null;
  /** KL weight used at this step. */
  beta: number;
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
  lr: number;
  /** Training throughput over the report window this step belongs to. */
  samplesPerSec: number;
  /** Milliseconds since the Unix epoch when the window was read back (the unit every metric point keeps). */
  wallTime: number;
  /** The training estimator's gradient SNR, on the steps diagnostics.gradientSnrEvery picks; absent otherwise. */
  gradientSnr?: GradientSnr;
}

/**
 * Signal-to-noise ratio |mean| / sd of the encoder's gradient, per coordinate and then averaged
 * over a parameter group (Rainforth et al. 2018; the gradient lab's `snr`), from R reparameterization
 * estimates with L = 1 sample (the ELBO's training estimator) on one step's training batch.
 */
export interface GradientSnr {
  /** Every encoder weight. */
  all: number;
  /** The encoder's layers below its head; null when the head is the whole encoder. */
  body: number | null;
  /** The head's μ outputs. */
  headMu: number;
  /** The head's log σ² outputs. */
  headLogVar: number;
  /** R: estimates the SNR was measured over. */
  estimates: number;
}

export interface IwaeEstimate {
  k: number;
  /** Evaluation points the bound was averaged over (the first `points` of the split, in its fixed order). */
  points: number;
  /** The bound itself, nats per example (a lower bound on log p of the data the model sees). */
  bound: number;
  /** Standard error of `bound` over the points (sd / √points). */
  boundStdErr: number;
  /** The ELBO on the same points with the same K samples (mean of log w), so bound − elbo is the gap on one point set. */
  elbo: number;
  elboStdErr: number;
  /** Upper bound on −log P(x) of the discrete data, nats (with D·ln 256 for dequantized data); null when the reconstruction term is not a likelihood. */
  nll: number | null;
  bitsPerDim: number | null;
}

export interface CodebookUsage {
  codebookSize: number;
  /** Codes picked at least once on the held-out points. */
  usedCodes: number;
  /** exp(entropy of the code histogram): the effective number of codes in use. */
  perplexity: number;
}

/** Where an evaluation's points come from: held out of the training data, or the dataset's test set. */
export type EvaluationSplit = 'validation' | 'test';

/** Per-epoch evaluation on held-out data (validation, or test when the run holds out no validation split). */
export interface EpochEvaluation {
  /** Epochs completed when it was taken (1 after the first epoch). */
  epoch: number;
  step: number;
  split: EvaluationSplit;
  heldOutPoints: number;
  /** The ELBO, nats per example (one z sample per point); for a VQ-VAE −(recon + latentDim·log K). */
  elbo: number;
  /** Standard error of `elbo` over the points. */
  elboStdErr: number;
  recon: number;
  kl: number;
  iwae: IwaeEstimate | null;
  /** Mean KL per latent dimension, nats; empty for a VQ-VAE (as are activeUnits and posteriorVariance). */
  klPerDim: number[];
  /** Mean over x of the posterior variance σ²_d(x) per dimension (1 = the prior's). */
  posteriorVariance: number[];
  /** Burda et al.'s active units: Var_x(μ_d) > 0.01. */
  activeUnits: { count: number; variances: number[]; active: boolean[] };
  /** I_q(x; z) in nats (He et al. 2019's estimator, same-sample form: diagnostics/mutual-information.ts) on `latentPoints` held-out points; null for VQ. */
  mutualInformation: number | null;
  /** The information-based collapse diagnosis; null for a VQ-VAE. */
  verdict: CollapseVerdict | null;
  /** ELBO on a fixed subset of the training data, for the generalisation gap; null when not computed. */
  trainSubset: { points: number; elbo: number; elboStdErr: number } | null;
  codebook: CodebookUsage | null;
  durationMs: number;
}

/** Images tiled into one picture: rows × columns tiles of tileHeight × tileWidth, HWC uint8. */
export interface ImageGrid {
  width: number;
  height: number;
  channels: 1 | 3;
  rows: number;
  columns: number;
  tileWidth: number;
  tileHeight: number;
  pixels: Uint8Array;
}

export interface LatentSnapshot {
  dim: number;
  count: number;
  /** μ of each point, row-major count × dim. */
  mu: Float32Array;
  labels: Int32Array;
  /** 2-D coordinates to plot, count × 2: μ itself when dim = 2, (μ, 0) when dim = 1, else PCA. */
  projection: Float32Array;
  projectionKind: 'identity' | 'pad' | 'pca';
  /** For PCA: the share of variance along each plotted axis. */
  explainedVarianceRatio: [number, number] | null;
}

export interface EpochSnapshot {
  epoch: number;
  step: number;
  latent: LatentSnapshot;
  /** Rows alternate held-out originals and their reconstructions (decoder means). */
  reconstructions: ImageGrid;
  /** Decoder means for a fixed set of prior draws, the same every epoch. */
  priorSamples: ImageGrid;
  /** One row per latent dimension in `dims`: z_d swept over `values`, other dims at a held-out μ. Null for VQ. */
  traversals: { dims: number[]; values: number[]; grid: ImageGrid } | null;
}

export interface CheckpointSaved {
  path: string;
  epoch: number;
  step: number;
  bytes: number;
  reason: 'epoch' | 'final' | 'stopped';
}

export type NonFiniteQuantity = 'kl' | 'recon' | 'loss' | 'gradNorm' | 'vqLoss' | 'parameter';

export interface TrainingFailure {
  kind: 'non-finite' | 'error';
  /** Step where the problem first appeared (the first non-finite step for 'non-finite'). */
  step: number;
  epoch: number;
  /** The first quantity seen non-finite, for 'non-finite'. */
  quantity: NonFiniteQuantity | null;
  /** For quantity 'parameter' (or when one is found broken too): the parameter's name. */
  parameter: string | null;
  /** A sentence naming the step, the quantity and the likely fix. */
  diagnosis: string;
  suggestions: string[];
}

export interface TrainingOutcome {
  status: 'finished' | 'stopped' | 'failed';
  /** Epochs completed and optimizer steps taken when the run ended. */
  epoch: number;
  step: number;
  /** Null when the run failed before a backend was chosen. */
  backend: BackendInfo | null;
  lastEvaluation: EpochEvaluation | null;
  checkpointPath: string | null;
  failure: TrainingFailure | null;
  elapsedSeconds: number;
}

export type TrainingReport =
  | {
      type: 'started';
      backend: BackendInfo;
      dataset: DatasetInfo;
      parameterCount: number;
      stepsPerEpoch: number;
      totalSteps: number;
      resumedFrom: { epoch: number; step: number } | null;
    }
  /** The steps since the last report, one entry each (the host turns them into MetricPoints). */
  | { type: 'metrics'; steps: StepMetrics[] }
  | { type: 'state'; state: 'paused' | 'running' }
  /** `wallTime`: Unix milliseconds when the evaluation finished, the time its metric points carry. */
  | { type: 'evaluation'; evaluation: EpochEvaluation; wallTime: number }
  /** The test set, evaluated once when the run ends (the per-epoch evaluations use validation). */
  | { type: 'test-evaluation'; evaluation: EpochEvaluation }
  | { type: 'snapshot'; snapshot: EpochSnapshot }
  | { type: 'checkpoint'; checkpoint: CheckpointSaved }
  | { type: 'finished'; outcome: TrainingOutcome }
  | { type: 'failed'; outcome: TrainingOutcome };

export type TrainingReportType = TrainingReport['type'];
