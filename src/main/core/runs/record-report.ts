/**
 * A training report turned into what the host keeps and tells: store writes (writes that belong
 * together in one transaction), events, log lines and the run's progress. No process here: ActiveRun
 * owns the worker and hands each report in; the words and status of the run's ending are here too
 * (outcomeEnding), settling it is the lifecycle's.
 */
import type { RunProgress } from '../../../shared/api';
import { slowBackendNotice } from '../../../shared/backend-notice';
import { mentionsDiskFull } from '../../../shared/disk-full';
import type { RunConfig } from '../../../shared/config';
import { evaluationToPoints, stepMetricsToPoints } from '../../../shared/metric-points';
import type { LogLevel } from '../../../shared/runs';
import type { EpochEvaluation, TrainingOutcome, TrainingReport } from '../../../shared/training-report';
import type { EventHub } from '../event-hub';
import { recordCheckpoint } from './checkpoint-temporaries';
import type { FinalStatus } from './final-status';
import type { RunServiceStore } from './run-store-port';
import { progressAfter } from './run-progress';
import { epochSnapshotInputs, evaluationSnapshot, testEvaluationSnapshot } from './snapshot-codec';
import { describeTestEvaluation, testSummary } from './test-evaluation';

/** Every report but the run's ending ('finished' / 'failed'), which is the lifecycle's to handle. */
export type ProgressReport = Exclude<TrainingReport, { type: 'finished' | 'failed' }>;

export interface ReportSinks {
  store: RunServiceStore;
  events: Pick<EventHub, 'emit'>;
  /** Where log lines go; the caller decides what a refused line means. */
  log(level: LogLevel, line: string): void;
}

/** One run's reports, in the order the worker sends them; holds what later reports refer back to. */
export class ReportRecorder {
  private totalSteps = 0;
  private lastEvaluation: EpochEvaluation | null = null;
  private shownProgress: RunProgress | null = null;

  constructor(
    private readonly sinks: ReportSinks,
    private readonly runId: string,
    private readonly config: RunConfig,
  ) {}

  /** Step, totals, speed and ETA as last published; null before training starts and after it ends. */
  get progress(): RunProgress | null {
    return this.shownProgress;
  }

  /** The run has ended: there is no progress to show any more. */
  endProgress(): void {
    this.shownProgress = null;
  }

  /** Throws when a store write fails: the run can then no longer be recorded faithfully. */
  record(report: ProgressReport): void {
    switch (report.type) {
      case 'started':
        this.started(report);
        return;
      case 'metrics':
        this.metrics(report.steps);
        return;
      case 'state':
        this.sinks.log('info', report.state === 'paused' ? `Paused at step ${this.shownProgress?.step ?? 0}.` : 'Resumed.');
        this.sinks.events.emit('runUpdated', this.sinks.store.setStatus(this.runId, report.state === 'paused' ? 'paused' : 'running'));
        return;
      case 'evaluation':
        this.evaluation(report.evaluation, report.wallTime);
        return;
      case 'test-evaluation':
        this.testEvaluation(report.evaluation);
        return;
      case 'snapshot': {
        const snapshot = report.snapshot;
        this.sinks.store.saveSnapshots(epochSnapshotInputs(this.runId, snapshot));
        const evaluation = this.lastEvaluation?.epoch === snapshot.epoch ? this.lastEvaluation : null;
        this.sinks.events.emit('snapshot', { runId: this.runId, epoch: snapshot.epoch, step: snapshot.step, evaluation });
        return;
      }
      case 'checkpoint': {
        const { checkpoint } = report;
        recordCheckpoint(this.sinks.store, this.runId, checkpoint);
        this.sinks.log('info', `Checkpoint (${checkpoint.reason}) at epoch ${checkpoint.epoch}, step ${checkpoint.step}: ${(checkpoint.bytes / 2 ** 20).toFixed(1)} MiB.`);
        return;
      }
    }
  }

  private started(report: Extract<TrainingReport, { type: 'started' }>): void {
    const { store, events, log } = this.sinks;
    this.totalSteps = report.totalSteps;
    const run = store.setEnvironment(this.runId, {
      backend: report.backend.name,
      device: report.backend.device,
      dataset: report.dataset.name,
      datasetHash: report.dataset.contentHash,
    });
    events.emit('runUpdated', run);
    const resumed = report.resumedFrom ? `, resumed from epoch ${report.resumedFrom.epoch} step ${report.resumedFrom.step}` : '';
    log('info', `Training on ${report.backend.device}: ${report.dataset.name} (${report.dataset.trainCount} train / ${report.dataset.testCount} held out), ${report.parameterCount.toLocaleString('en-US')} parameters, ${report.totalSteps} steps${resumed}.`);
    for (const skipped of report.backend.skipped) log('info', `Backend ${skipped.candidate} skipped: ${skipped.reason}`);
    const slowBackend = slowBackendNotice(report.backend.requested, report.backend.name);
    if (slowBackend !== null) log('warn', slowBackend);
    // Steps and the total show from the start; speed and ETA come with the first metrics report.
    this.shownProgress = {
      runId: this.runId,
      step: report.resumedFrom?.step ?? 0,
      totalSteps: report.totalSteps,
      epoch: report.resumedFrom?.epoch ?? 0,
      epochs: this.config.optim.epochs,
      samplesPerSec: 0,
      etaSeconds: null,
    };
    events.emit('progress', this.shownProgress);
  }

  private metrics(steps: Extract<TrainingReport, { type: 'metrics' }>['steps']): void {
    const points = stepMetricsToPoints(steps);
    this.sinks.store.appendMetrics(this.runId, points);
    this.sinks.events.emit('metrics', { runs: [{ runId: this.runId, points }] });
    const last = steps.at(-1);
    if (last) {
      this.shownProgress = progressAfter(this.runId, last, this.totalSteps, this.config);
      this.sinks.events.emit('progress', this.shownProgress);
    }
  }

  /** `wallTime`: the worker's, like the step metrics', so a run's points are all on one clock. */
  private evaluation(evaluation: EpochEvaluation, wallTime: number): void {
    const { store, events } = this.sinks;
    this.lastEvaluation = evaluation;
    const points = evaluationToPoints(evaluation, wallTime);
    // Metrics, the evaluation snapshot and the run's headline numbers: all of them or none.
    const run = store.transaction(() => {
      store.appendMetrics(this.runId, points);
      store.saveSnapshots([evaluationSnapshot(this.runId, evaluation)]);
      const previousBest = store.getRun(this.runId).summary.bestElbo ?? null;
      const best = previousBest === null || evaluation.elbo > previousBest;
      return store.mergeSummary(this.runId, {
        epochsCompleted: evaluation.epoch,
        stepsCompleted: evaluation.step,
        evaluationSplit: evaluation.split,
        ...(best ? { bestEpoch: evaluation.epoch, bestElbo: evaluation.elbo } : {}),
        elbo: evaluation.elbo,
        reconstruction: evaluation.recon,
        kl: evaluation.kl,
        nll: evaluation.iwae?.nll ?? null,
        bitsPerDim: evaluation.iwae?.bitsPerDim ?? null,
        activeUnits: evaluation.activeUnits.count,
      });
    });
    events.emit('metrics', { runs: [{ runId: this.runId, points }] });
    events.emit('runUpdated', run);
  }

  private testEvaluation(evaluation: EpochEvaluation): void {
    const { store, events } = this.sinks;
    const run = store.transaction(() => {
      store.saveSnapshots([testEvaluationSnapshot(this.runId, evaluation)]);
      return store.mergeSummary(this.runId, testSummary(evaluation));
    });
    this.sinks.log('info', `Test set (final evaluation): ${describeTestEvaluation(evaluation)}.`);
    events.emit('runUpdated', run);
  }
}

/** What a 'finished' or 'failed' report's outcome means for the run: its log line and final status. */
export function outcomeEnding(outcome: TrainingOutcome): { level: LogLevel; line: string; final: FinalStatus } {
  if (outcome.status === 'failed') {
    const failure = outcome.failure;
    const reason = failure ? [failure.diagnosis, ...failure.suggestions.map((s) => `• ${s}`)].join('\n') : 'training failed';
    // Out of disk space is the machine's state, not the run's: once space is freed it can continue.
    return { level: 'error', line: reason, final: { status: mentionsDiskFull(reason) ? 'interrupted' : 'failed', error: reason } };
  }
  const line = `Training ${outcome.status === 'stopped' ? 'stopped' : 'finished'} after ${outcome.step} steps (${outcome.elapsedSeconds.toFixed(1)} s).`;
  return { level: 'info', line, final: { status: outcome.status === 'stopped' ? 'stopped' : 'completed', error: null } };
}
