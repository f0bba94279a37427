/**
 * Events the host pushes to the renderer: event name -> payload.
 * The API exposes each as `on<Name>(listener) => unsubscribe`.
 */
import type { RunProgress } from './api';
import type { MetricPoint, RunRecord, StoredLogLine } from './runs';
import type { EpochEvaluation, EvaluationSplit } from './training-report';
import type { GradientLabProgressEvent } from './gradient-lab';

/** A periodic heartbeat so the UI can show that the host is alive and what it is using. */
export interface HostStatus {
  /** Seconds since the host process started. */
  uptimeSeconds: number;
  /** Resident memory of the host process in bytes. */
  rssBytes: number;
  /** Wall-clock time the status was taken, ms since the epoch. */
  at: number;
  /** Runs training now and waiting in the queue. */
  activeRuns: number;
  queuedRuns: number;
}

/** New metric points of one or more runs, coalesced so a subscriber gets at most ~10 per second. */
export interface MetricsEvent {
  runs: { runId: string; points: MetricPoint[] }[];
}

export interface SnapshotEvent {
  runId: string;
  epoch: number;
  step: number;
  evaluation: EpochEvaluation | null;
}

/** How far an evaluation on request has come (0..1, in decoder passes). */
export interface EvaluationProgressEvent {
  runId: string;
  split: EvaluationSplit;
  fraction: number;
}

/** How far a pixel-by-pixel decode has come (0..1, after each image row), for the caller that named it. */
export interface DecodeProgressEvent {
  runId: string;
  /** The `progressId` the decode call was given. */
  progressId: string;
  fraction: number;
}

export interface WorkbenchEvents {
  hostStatus: HostStatus;
  runUpdated: RunRecord;
  runDeleted: { id: string };
  metrics: MetricsEvent;
  progress: RunProgress;
  snapshot: SnapshotEvent;
  log: StoredLogLine;
  evaluationProgress: EvaluationProgressEvent;
  gradientLabProgress: GradientLabProgressEvent;
  decodeProgress: DecodeProgressEvent;
}

export type EventName = keyof WorkbenchEvents;

/** Every event name, listed once so transports can iterate them; a missing or extra key fails to compile. */
const eventNameTable: Record<EventName, true> = {
  hostStatus: true,
  runUpdated: true,
  runDeleted: true,
  metrics: true,
  progress: true,
  snapshot: true,
  log: true,
  evaluationProgress: true,
  gradientLabProgress: true,
  decodeProgress: true,
};
export const EVENT_NAMES = Object.keys(eventNameTable) as EventName[];

/** `hostStatus` -> `onHostStatus` */
export type EventMethodName<E extends EventName> = `on${Capitalize<E>}`;

export function eventMethodName<E extends EventName>(event: E): EventMethodName<E> {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as EventMethodName<E>;
}

/** How often the host emits `hostStatus`. */
export const HOST_STATUS_INTERVAL_MS = 2000;

/** The fastest a subscriber receives `metrics` and `progress` events (10 Hz). */
export const LIVE_EVENT_INTERVAL_MS = 100;
