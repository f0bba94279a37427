/**
 * The WorkbenchApi contract: the only way the renderer talks to the host.
 * Transports (Electron IPC, WebSocket, HTTP) are thin adapters around this one description.
 */
import type { z } from 'zod';
import type { methodParamSchemas } from './api-schemas';
import type { ConfigIssue, Preset, RunConfig } from './config';
import type { DatasetChoiceAvailability } from './dataset-availability';
import type { EventMethodName, EventName, WorkbenchEvents } from './events';
import type {
  CheckpointRecord,
  RunComparison,
  RunList,
  RunListQuery,
  RunRecord,
  Series,
  StoredLogLine,
} from './runs';
import type { ExperimentDetail, ExperimentRecord, ExperimentSummary, RunLineage } from './experiments/experiment-types';
import type { EpochEvaluation, ImageGrid, LatentSnapshot } from './training-report';
import type { FigureData } from './figures/figure-data';
import type { FigureRecord } from './figures/figure-record';
import type { GradientLabResult } from './gradient-lab';

export type HostKind = 'electron' | 'headless';

export interface HealthInfo {
  app: 'vae-workbench';
  version: string;
  host: HostKind;
  /** Node.js version of the host process. */
  node: string;
  /** Electron version when hosted by Electron, otherwise null. */
  electron: string | null;
  platform: string;
  /** Folder that holds the run database and checkpoints. */
  dataDir: string;
  uptimeSeconds: number;
}

/**
 * An image grid as it crosses a JSON transport: the pixels as base64 of the HWC uint8 bytes.
 * (Typed arrays do not survive JSON; base64 is 4/3 the size of the bytes and decodes fast.)
 */
export interface ImageGridPayload extends Omit<ImageGrid, 'pixels'> {
  pixelsBase64: string;
}

/** Latent codes for the scatter plot, as plain arrays. */
export interface LatentPayload extends Omit<LatentSnapshot, 'mu' | 'labels' | 'projection'> {
  /** count × dim, row-major. */
  mu: number[];
  labels: number[];
  /** count × 2, row-major. */
  projection: number[];
}

/** Everything recorded for one epoch of a run, for the latent explorer and the image grids. */
export interface EpochSnapshotPayload {
  runId: string;
  epoch: number;
  step: number;
  latent: LatentPayload | null;
  reconstructions: ImageGridPayload | null;
  priorSamples: ImageGridPayload | null;
  traversals: { dims: number[]; values: number[]; grid: ImageGridPayload } | null;
}

/** Live position of a training run: from its start, then from the latest metrics batch. */
export interface RunProgress {
  runId: string;
  /** Optimizer steps done (the next step's index), 0 … totalSteps. */
  step: number;
  totalSteps: number;
  epoch: number;
  epochs: number;
  /** 0 until the first metrics report. */
  samplesPerSec: number;
  /** Seconds left at the current speed, or null before the first report. */
  etaSeconds: number | null;
}

export interface RunDetail {
  run: RunRecord;
  checkpoints: CheckpointRecord[];
  /** Every metric key the run has logged. */
  metricKeys: string[];
  /** Epochs that have a snapshot (latent codes, grids), ascending. */
  snapshotEpochs: number[];
  /** Present while the run is training. */
  progress: RunProgress | null;
}

export type ExportFormat = SchemaParams<'exportRun'>['format'];

/** A file produced by the host for the user to save: text, or bytes as base64. */
export interface ExportedFile {
  filename: string;
  mediaType: string;
  text?: string;
  base64?: string;
}

export interface PresetInfo extends Omit<Preset, 'config'> {
  config: RunConfig;
}

/**
 * Marks a method that takes no argument. `void` (not `undefined`) lets callers write `api.health()`.
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- see above
export type NoParams = void;

/**
 * A method's parameter as its runtime schema (api-schemas.ts) accepts it: each parameter shape is
 * written once, there, and the hosts validate every call with the same schema.
 */
type SchemaParams<M extends keyof typeof methodParamSchemas> = z.input<(typeof methodParamSchemas)[M]>;

/** Method name -> its single parameter and its result. Methods without a parameter take NoParams. */
export interface WorkbenchMethods {
  health: { params: NoParams; result: HealthInfo };
  presets: { params: NoParams; result: PresetInfo[] };
  /** Checks a config without creating anything: the New run form validates each field with it. */
  validateConfig: { params: SchemaParams<'validateConfig'>; result: { ok: true; config: RunConfig } | { ok: false; issues: ConfigIssue[] } };
  listRuns: { params: RunListQuery | NoParams; result: RunList };
  getRun: { params: SchemaParams<'getRun'>; result: RunDetail };
  /** Creates a run from a full config, or a preset with overrides; starts it unless `start` is false. */
  createRun: { params: SchemaParams<'createRun'>; result: RunRecord };
  /** Queues a run that is not training: a new one starts fresh, an interrupted or stopped one continues from its last checkpoint. */
  startRun: { params: SchemaParams<'startRun'>; result: RunRecord };
  pauseRun: { params: SchemaParams<'pauseRun'>; result: RunRecord };
  resumeRun: { params: SchemaParams<'resumeRun'>; result: RunRecord };
  stopRun: { params: SchemaParams<'stopRun'>; result: RunRecord };
  deleteRun: { params: SchemaParams<'deleteRun'>; result: { id: string; deleted: true } };
  setTags: { params: SchemaParams<'setTags'>; result: RunRecord };
  setNotes: { params: SchemaParams<'setNotes'>; result: RunRecord };
  getSeries: { params: SchemaParams<'getSeries'>; result: Series[] };
  /** Per-epoch held-out evaluations (KL per dimension, active units, MI, IWAE), ascending by epoch. */
  getEvaluations: { params: SchemaParams<'getEvaluations'>; result: EpochEvaluation[] };
  /** The run's test-set evaluations (when it finished, or on request), ascending by epoch. */
  getTestEvaluations: { params: SchemaParams<'getTestEvaluations'>; result: EpochEvaluation[] };
  /**
   * Evaluates the run's newest checkpoint on a split: IWAE with `iwaeK` samples on `points` points
   * (0: all) — a paper's protocol is test, 5,000, all. Progress arrives as `evaluationProgress`;
   * a test evaluation is stored with the run.
   */
  evaluateRun: { params: SchemaParams<'evaluateRun'>; result: EpochEvaluation };
  /**
   * The gradient-estimator lab on the run's newest checkpoint: encoder gradient variance and SNR for
   * the reparameterization and score-function estimators at each sample count (defaults 1, 4, 16, 64;
   * 32 replicates; 32 points). Progress arrives as `gradientLabProgress`; nothing is stored.
   */
  gradientLab: { params: SchemaParams<'gradientLab'>; result: GradientLabResult };
  /** The snapshot of one epoch; the latest when `epoch` is omitted. */
  getSnapshot: { params: SchemaParams<'getSnapshot'>; result: EpochSnapshotPayload };
  getLogs: { params: SchemaParams<'getLogs'>; result: StoredLogLine[] };
  /**
   * Decodes latent vectors with the live model, or the run's last (or given epoch's) checkpoint.
   * An autoregressive decoder goes pixel by pixel (seconds); with a `progressId` its progress
   * arrives as `decodeProgress` events carrying that id.
   */
  decode: { params: SchemaParams<'decode'>; result: ImageGridPayload };
  compareRuns: { params: SchemaParams<'compareRuns'>; result: RunComparison };
  exportRun: { params: SchemaParams<'exportRun'>; result: ExportedFile };
  listExperiments: { params: NoParams; result: ExperimentSummary[] };
  /** An experiment, its runs and each run's per-epoch (validation) evaluations. */
  getExperiment: { params: SchemaParams<'getExperiment'>; result: ExperimentDetail };
  /** A sweep over config fields (grid and/or seeded random, seed replicates) from a run or a preset; its runs are queued at once. */
  createSweep: { params: SchemaParams<'createSweep'>; result: ExperimentRecord };
  /** The collapse doctor: one child run per remedy that applies to the run, plus the control, on a short horizon. */
  runDoctor: { params: SchemaParams<'runDoctor'>; result: ExperimentRecord };
  /** The run a run was derived from, and the runs derived from it. */
  getLineage: { params: SchemaParams<'getLineage'>; result: RunLineage };
  /** Restores a bundle written by exportRun(format 'bundle'), as a new run. */
  importRun: { params: SchemaParams<'importRun'>; result: RunRecord };
  /** Saved figure specs, most recently edited first. */
  listFigures: { params: NoParams; result: FigureRecord[] };
  getFigure: { params: SchemaParams<'getFigure'>; result: FigureRecord };
  /** Saves a new figure, or replaces the one with `id`; names are unique. */
  saveFigure: { params: SchemaParams<'saveFigure'>; result: FigureRecord };
  deleteFigure: { params: SchemaParams<'deleteFigure'>; result: { id: string; deleted: true } };
  /** The numbers a figure spec names (series, evaluations), read from the store: the preview draws them. */
  getFigureData: { params: SchemaParams<'getFigureData'>; result: FigureData };
  /** The figure rendered by the host, as the CLI renders it: vector PDF (fonts embedded), SVG, or the CSV of the numbers drawn. */
  exportFigure: { params: SchemaParams<'exportFigure'>; result: ExportedFile };
  /** The compared runs' series and per-epoch evaluation arrays (KL per dimension, …) as one long-form CSV. */
  exportComparison: { params: SchemaParams<'exportComparison'>; result: ExportedFile };
  /** Each dataset the New run form offers by name: cached, downloadable now, or not available. */
  datasetAvailability: { params: NoParams; result: DatasetChoiceAvailability[] };
  /** Gives a run a new name (shown everywhere, and searched). */
  renameRun: { params: SchemaParams<'renameRun'>; result: RunRecord };
}

export type MethodName = keyof WorkbenchMethods;
export type MethodParams<M extends MethodName> = WorkbenchMethods[M]['params'];
export type MethodResult<M extends MethodName> = WorkbenchMethods[M]['result'];

/** Every method name, listed once; a missing or extra key fails to compile. */
const methodNameTable: Record<MethodName, true> = {
  health: true,
  presets: true,
  validateConfig: true,
  listRuns: true,
  getRun: true,
  createRun: true,
  startRun: true,
  pauseRun: true,
  resumeRun: true,
  stopRun: true,
  deleteRun: true,
  setTags: true,
  setNotes: true,
  getSeries: true,
  getEvaluations: true,
  getTestEvaluations: true,
  evaluateRun: true,
  gradientLab: true,
  getSnapshot: true,
  getLogs: true,
  decode: true,
  compareRuns: true,
  exportRun: true,
  importRun: true,
  listExperiments: true,
  getExperiment: true,
  createSweep: true,
  runDoctor: true,
  getLineage: true,
  listFigures: true,
  getFigure: true,
  saveFigure: true,
  deleteFigure: true,
  getFigureData: true,
  exportFigure: true,
  exportComparison: true,
  datasetAvailability: true,
  renameRun: true,
};
export const METHOD_NAMES = Object.keys(methodNameTable) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodNameTable, name);
}

export type Unsubscribe = () => void;

export type WorkbenchApiMethods = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>>;
};

export type WorkbenchApiEvents = {
  [E in EventName as EventMethodName<E>]: (listener: (payload: WorkbenchEvents[E]) => void) => Unsubscribe;
};

export type WorkbenchApi = WorkbenchApiMethods & WorkbenchApiEvents;
