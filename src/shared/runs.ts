/**
 * Runs, their metrics and artefacts as the host stores them and the renderer shows them.
 * Pure TypeScript: the RunStore (src/main/core/store) implements these shapes on SQLite.
 */
import type { MetricDirection } from './metric-keys';

export const RUN_STATUSES = ['queued', 'running', 'paused', 'completed', 'failed', 'stopped', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses after which a run never trains again; entering one stamps `endedAt`. */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'stopped', 'interrupted'];

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/**
 * The last-known headline numbers of a run, kept on the run row so the run list can show and sort
 * them without reading metric series. Every field is optional: a queued run has none yet.
 * Numbers are finite or null: JSON has no NaN, so a diverged value is stored as null here while the
 * metric series keeps the exact NaN/±Inf.
 */
export interface RunSummary {
  /** Model family, e.g. 'mlp', 'conv', 'vq'. */
  model?: string;
  latentDim?: number | null;
  /** KL weight at the end of the run (after warm-up). */
  beta?: number | null;
  epochsCompleted?: number | null;
  stepsCompleted?: number | null;
  /** Which split the per-epoch numbers below (elbo, nll, reconstruction, kl, bitsPerDim) come from; absent on older runs: test. */
  evaluationSplit?: 'validation' | 'test';
  /** Held-out ELBO of the latest evaluation in nats per example (higher is better). */
  elbo?: number | null;
  /** The epoch with the best per-epoch (validation) ELBO: model selection never looks at the test set. */
  bestEpoch?: number | null;
  bestElbo?: number | null;
  /** Upper bound on the held-out NLL (IWAE bound) in nats per example (lower is better); null when the likelihood is not one. */
  nll?: number | null;
  /** The test set, evaluated when the run finished or on request (never used for selection). */
  testElbo?: number | null;
  testNll?: number | null;
  testBitsPerDim?: number | null;
  /** Held-out reconstruction term in nats per example (lower is better). */
  reconstruction?: number | null;
  /** Held-out KL(q(z|x) || p(z)) in nats per example. */
  kl?: number | null;
  /** Latent dimensions whose posterior mean varies across inputs (Burda et al. 2016 criterion). */
  activeUnits?: number | null;
  /** Bits per dimension of the held-out NLL (lower is better). */
  bitsPerDim?: number | null;
}

/** The numeric summary fields, which the run list can sort by. */
export const SUMMARY_METRIC_KEYS = [
  'latentDim',
  'beta',
  'epochsCompleted',
  'stepsCompleted',
  'elbo',
  'bestEpoch',
  'bestElbo',
  'testElbo',
  'testNll',
  'testBitsPerDim',
  'nll',
  'reconstruction',
  'kl',
  'activeUnits',
  'bitsPerDim',
] as const satisfies readonly (keyof RunSummary)[];
export type SummaryMetricKey = (typeof SUMMARY_METRIC_KEYS)[number];

export interface RunRecord {
  /** UUID v4. */
  id: string;
  name: string;
  status: RunStatus;
  /** The run's configuration, stored exactly as given (JSON). */
  config: unknown;
  seed: number;
  /** TensorFlow.js backend the worker ended up on ('wasm', 'cpu', 'tensorflow', ...). */
  backend: string | null;
  /** Human description of the hardware, e.g. 'CPU (2 threads)'. */
  device: string | null;
  dataset: string | null;
  /** SHA-256 (hex) of the dataset content, see src/shared/dataset.ts. */
  datasetHash: string | null;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Distinct, trimmed, sorted. */
  tags: string[];
  notes: string;
  error: string | null;
  summary: RunSummary;
}

/** What a caller supplies to create a run; everything else starts empty. */
export interface NewRun {
  name: string;
  config: unknown;
  seed: number;
  /** Defaults to 'queued'. */
  status?: RunStatus;
  backend?: string | null;
  device?: string | null;
  dataset?: string | null;
  datasetHash?: string | null;
  tags?: string[];
  notes?: string;
  /** Defaults to now; given explicitly by imports and tests. */
  createdAt?: number;
}

/** Facts the worker reports once it has started: where it runs and what it trains on. */
export interface RunEnvironment {
  backend?: string | null;
  device?: string | null;
  dataset?: string | null;
  datasetHash?: string | null;
}

export type RunSortKey = 'createdAt' | 'name' | 'status' | SummaryMetricKey;
export type SortOrder = 'asc' | 'desc';

export interface RunListQuery {
  status?: RunStatus | RunStatus[];
  /** Runs carrying this exact tag. */
  tag?: string;
  /** Words matched (as prefixes, all of them) against name, notes and tags. */
  search?: string;
  /** Defaults to 'createdAt'. Runs without the summary metric sort last in either order. */
  sort?: RunSortKey;
  /** Defaults to 'desc'. */
  order?: SortOrder;
  /** Defaults to 100; at most 1000. */
  limit?: number;
  offset?: number;
}

export interface RunList {
  runs: RunRecord[];
  /** How many runs match the filter, ignoring limit and offset. */
  total: number;
}

// A run's metric series are described in metric-series.ts; the store's callers name them from here too.
export type { MetricPoint, Series, SeriesBucket, SeriesQuery } from './metric-series';
export type { MetricDirection } from './metric-keys';

export interface MetricStats {
  count: number;
  nanCount: number;
  lastStep: number;
  last: number;
  /** The max for a metric where higher is better, else the min (see the metric catalogue). */
  best: number;
  /** Over non-NaN values; NaN when every value is NaN. */
  min: number;
  max: number;
}

export interface MetricComparison {
  key: string;
  /** The catalogue's: which end is better, or null where neither is (β, the KL, the gradient norm). */
  direction: MetricDirection | null;
  /** One entry per compared run, in the order asked; null where that run never logged the key. */
  runs: (MetricStats | null)[];
}

/**
 * One config path (dotted, arrays as `[i]`) whose value differs between the compared runs.
 * `values[i]` is run i's value (a scalar, or an empty array/object); where the path does not exist in
 * run i's config, `present[i]` is false and `values[i]` is null.
 */
export interface ConfigDifference {
  path: string;
  values: unknown[];
  present: boolean[];
}

export interface RunComparison {
  runs: RunRecord[];
  configDiff: ConfigDifference[];
  metrics: MetricComparison[];
}

/** Small JSON values that describe a snapshot, e.g. { mediaType: 'image/png', width: 280 }. */
export type SnapshotMeta = Record<string, string | number | boolean | null>;

export interface SnapshotInput {
  runId: string;
  epoch: number;
  /** e.g. 'kl_per_dim', 'latents', 'recon_grid', 'prior_samples', 'traversal'. */
  kind: string;
  /**
   * A JSON-serialisable value, or a typed array (PNG bytes, Float32 latents) stored as a BLOB of its
   * raw bytes and read back as a Uint8Array; say in `meta` how to read it (e.g. dtype and shape).
   */
  data: unknown;
  meta?: SnapshotMeta;
  /** Defaults to now. */
  createdAt?: number;
}

export interface SnapshotInfo {
  runId: string;
  epoch: number;
  kind: string;
  encoding: 'json' | 'binary';
  /** Size of the stored JSON text or of the bytes. */
  bytes: number;
  meta: SnapshotMeta;
  createdAt: number;
}

export interface Snapshot extends SnapshotInfo {
  /** The JSON value, or a Uint8Array when encoding is 'binary'. */
  data: unknown;
}

export interface CheckpointRecord {
  runId: string;
  epoch: number;
  step: number;
  /** A file or folder; a relative path is relative to the host's checkpoint folder. */
  path: string;
  createdAt: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogLine {
  /** Milliseconds since the Unix epoch. */
  at: number;
  level: LogLevel;
  line: string;
}

export interface StoredLogLine extends LogLine {
  /** Increasing per database; pass the last one seen as `afterId` to read on. */
  id: number;
  runId: string;
}
