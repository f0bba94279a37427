/**
 * Messages between the host (main) and a training worker. Discriminated unions on `type`;
 * both sides handle them with exhaustive switches. Typed arrays travel as they are (structured clone
 * in Electron's utilityProcess, `serialization: 'advanced'` with child_process.fork).
 */
import type { RunConfig } from './config';
import type { GradientLabParams, GradientLabResult } from './gradient-lab';
import type { EpochEvaluation, EvaluationSplit, ImageGrid, TrainingReport } from './training-report';

export type WorkerRuntime = 'electron-utility' | 'node-fork';

export interface StartTraining {
  type: 'start';
  runId: string;
  config: RunConfig;
  /** Folder for this run's checkpoints (one sub-folder per checkpoint). */
  checkpointDir: string;
  /** A checkpoint folder to continue from, or null for a fresh start. */
  resumeFrom: string | null;
  /** Where datasets are cached and downloaded. */
  cacheDir: string;
}

export interface DecodeRequest {
  type: 'decode';
  requestId: number;
  /** Row-major count × latentDim. */
  zs: number[][];
  /** Decode with this checkpoint's model; null means the live model of the run being trained. */
  checkpointPath: string | null;
}

/** Evaluates a checkpoint on one split with a chosen budget (a paper's protocol: large K, every point). */
export interface EvaluateRequest {
  type: 'evaluate';
  requestId: number;
  checkpointPath: string;
  split: EvaluationSplit;
  iwaeK: number;
  /** Points of the split, in its fixed order; 0 means all of them. */
  points: number;
  cacheDir: string;
}

/** Runs the gradient-estimator lab on a checkpoint (see gradient-lab.ts). */
export interface GradientLabRequest extends GradientLabParams {
  type: 'gradient-lab';
  requestId: number;
  checkpointPath: string;
  cacheDir: string;
}

/** Host -> worker. */
export type HostToWorkerMessage =
  | { type: 'ping'; nonce: number }
  | StartTraining
  | { type: 'pause' }
  | { type: 'resume' }
  /** Stop at the next step boundary, saving a checkpoint of where it stopped. */
  | { type: 'stop' }
  | DecodeRequest
  | EvaluateRequest
  | GradientLabRequest
  | { type: 'shutdown' };

/** Worker -> host. */
export type WorkerToHostMessage =
  | { type: 'ready'; runtime: WorkerRuntime; pid: number; node: string }
  | { type: 'pong'; nonce: number }
  | { type: 'report'; runId: string; report: TrainingReport }
  | { type: 'decoded'; requestId: number; grid: ImageGrid }
  | { type: 'decode-failed'; requestId: number; message: string }
  /** How far a pixel-by-pixel decode has come (0..1, after each image row); factorized decodes send none. */
  | { type: 'decode-progress'; requestId: number; fraction: number }
  | { type: 'evaluate-progress'; requestId: number; fraction: number }
  | { type: 'evaluated'; requestId: number; evaluation: EpochEvaluation }
  | { type: 'evaluate-failed'; requestId: number; message: string }
  | { type: 'gradient-lab-progress'; requestId: number; fraction: number }
  | { type: 'gradient-lab-done'; requestId: number; result: Omit<GradientLabResult, 'runId'> }
  | { type: 'gradient-lab-failed'; requestId: number; message: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; line: string }
  /** The worker cannot go on (bad start message, a crash outside training); it exits after sending. */
  | { type: 'fatal'; message: string };
