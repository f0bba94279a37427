/**
 * One run training in one worker process: starts it, turns its reports into store writes and
 * events, forwards pause / resume / stop / decode, and settles the run's final status whatever way
 * the process ends. Each report is written as it arrives, in one transaction, so what the host has
 * acknowledged survives a worker crash.
 */
import { slowBackendNotice } from '../../../shared/backend-notice';
import { mentionsDiskFull } from '../../../shared/disk-full';
import type { RunProgress } from '../../../shared/api';
import type { RunConfig } from '../../../shared/config';
import { evaluationToPoints, stepMetricsToPoints } from '../../../shared/metric-keys';
import type { LogLevel, RunRecord, RunStatus } from '../../../shared/runs';
import type { EpochEvaluation, ImageGrid, TrainingOutcome, TrainingReport } from '../../../shared/training-report';
import type { WorkerToHostMessage } from '../../../shared/worker-protocol';
import type { EventHub } from '../event-hub';
import type { WorkerExit, WorkerLauncher, WorkerProcess } from '../worker-host/worker-process';
import type { RunServiceStore } from './run-store-port';
import { recordCheckpoint, removeCheckpointTemporaries } from './checkpoint-temporaries';
import { progressAfter } from './run-progress';
import { PendingDecodes } from './pending-decodes';
import type { DiskReserve } from './disk-reserve';
import { storeFailureReason, tryRecordFinalStatus, workerCrashReason, workerFatalReason, type FinalStatus } from './final-status';
import { epochSnapshotInputs, evaluationSnapshot, testEvaluationSnapshot } from './snapshot-codec';
import { describeTestEvaluation, testSummary } from './test-evaluation';

export interface ActiveRunContext {
  store: RunServiceStore;
  events: EventHub;
  launcher: WorkerLauncher;
  checkpointDir: string;
  cacheDir: string;
  /** How long a stopping worker may take to save its checkpoint before it is killed. */
  stopGraceMs: number;
  /** Ballast freed when a full disk would keep the run's final status from being written. */
  reserve: DiskReserve;
}

export class ActiveRun {
  readonly runId: string;
  /** Resolves when the worker has exited and the run's final status is stored. */
  readonly done: Promise<void>;
  private readonly worker: WorkerProcess;
  private progress: RunProgress | null = null;
  private totalSteps = 0;
  private lastEvaluation: EpochEvaluation | null = null;
  private settled = false;
  /** The run has ended but the store refused its final status (disk full); the run service retries it. */
  private unrecorded: FinalStatus | null = null;
  private stopRequested = false;
  private started = false;
  private readonly decodes = new PendingDecodes();

  constructor(
    private readonly context: ActiveRunContext,
    run: RunRecord,
    private readonly config: RunConfig,
    resumeFrom: string | null,
  ) {
    this.runId = run.id;
    this.worker = context.launcher({ name: run.id });
    let resolveDone!: () => void;
    this.done = new Promise((resolve) => (resolveDone = resolve));
    this.worker.onMessage((message) => {
      try {
        this.handle(message, resumeFrom);
      } catch (error) {
        // A store write failed (disk full, database locked too long): the run cannot be recorded
        // faithfully any more, so end it rather than let the error take down the host.
        this.abandon(error);
      }
    });
    this.worker.onExit((exit) => {
      this.onExit(exit);
      // A checkpoint write the worker never finished (killed, disk full) leaves a temporary folder.
      removeCheckpointTemporaries(context.checkpointDir);
      resolveDone();
    });
    this.setStatus('running');
  }

  get pid(): number | undefined {
    return this.worker.pid;
  }

  get currentProgress(): RunProgress | null {
    return this.progress;
  }

  get unrecordedFinalStatus(): FinalStatus | null {
    return this.unrecorded;
  }

  pause(): void {
    this.worker.send({ type: 'pause' });
  }

  resume(): void {
    this.worker.send({ type: 'resume' });
  }

  /** Asks the worker to stop at the next step boundary, saving a checkpoint; kills it if it hangs. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.started) this.worker.send({ type: 'stop' });
    const timer = setTimeout(() => void this.worker.stop(0), this.context.stopGraceMs);
    await this.done;
    clearTimeout(timer);
  }

  /** Ends the process at once (the host is deleting the run or shutting down). */
  async terminate(): Promise<void> {
    this.stopRequested = true;
    await this.worker.stop(this.context.stopGraceMs);
    await this.done;
  }

  decode(zs: number[][]): Promise<ImageGrid> {
    return this.decodes.request((requestId) => this.worker.send({ type: 'decode', requestId, zs, checkpointPath: null }));
  }

  private handle(message: WorkerToHostMessage, resumeFrom: string | null): void {
    switch (message.type) {
      case 'ready':
        if (this.stopRequested) {
          // Stopped before it began: nothing to train or checkpoint.
          this.log('info', 'Stopped before training began.');
          this.settle('stopped', null);
          void this.worker.stop(this.context.stopGraceMs);
          return;
        }
        this.started = true;
        this.worker.send({
          type: 'start',
          runId: this.runId,
          config: this.config,
          checkpointDir: this.context.checkpointDir,
          resumeFrom,
          cacheDir: this.context.cacheDir,
        });
        return;
      case 'report':
        this.onReport(message.report);
        return;
      case 'decoded':
        this.decodes.resolve(message.requestId, message.grid);
        return;
      case 'decode-failed':
        this.decodes.reject(message.requestId, message.message);
        return;
      case 'log':
        this.log(message.level, message.line);
        return;
      case 'fatal':
        this.settle('interrupted', workerFatalReason(message.message));
        void this.worker.stop(this.context.stopGraceMs);
        return;
      case 'pong':
        return;
    }
  }

  private onReport(report: TrainingReport): void {
    const { store, events } = this.context;
    switch (report.type) {
      case 'started': {
        this.totalSteps = report.totalSteps;
        const run = store.setEnvironment(this.runId, {
          backend: report.backend.name,
          device: report.backend.device,
          dataset: report.dataset.name,
          datasetHash: report.dataset.contentHash,
        });
        events.emit('runUpdated', run);
        const resumed = report.resumedFrom ? `, resumed from epoch ${report.resumedFrom.epoch} step ${report.resumedFrom.step}` : '';
        this.log('info', `Training on ${report.backend.device}: ${report.dataset.name} (${report.dataset.trainCount} train / ${report.dataset.testCount} held out), ${report.parameterCount.toLocaleString('en-US')} parameters, ${report.totalSteps} steps${resumed}.`);
        for (const skipped of report.backend.skipped) this.log('info', `Backend ${skipped.candidate} skipped: ${skipped.reason}`);
        const slowBackend = slowBackendNotice(report.backend.requested, report.backend.name);
        if (slowBackend !== null) this.log('warn', slowBackend);
        // Steps and the total show from the start; speed and ETA come with the first metrics report.
        this.progress = {
          runId: this.runId,
          step: report.resumedFrom?.step ?? 0,
          totalSteps: report.totalSteps,
          epoch: report.resumedFrom?.epoch ?? 0,
          epochs: this.config.optim.epochs,
          samplesPerSec: 0,
          etaSeconds: null,
        };
        events.emit('progress', this.progress);
        return;
      }
      case 'metrics': {
        const points = stepMetricsToPoints(report.points);
        store.appendMetrics(this.runId, points);
        events.emit('metrics', { runs: [{ runId: this.runId, points }] });
        const last = report.points.at(-1);
        if (last) {
          this.progress = progressAfter(this.runId, last, this.totalSteps, this.config);
          events.emit('progress', this.progress);
        }
        return;
      }
      case 'state':
        this.log('info', report.state === 'paused' ? `Paused at step ${this.progress?.step ?? 0}.` : 'Resumed.');
        this.setStatus(report.state === 'paused' ? 'paused' : 'running');
        return;
      case 'evaluation': {
        const evaluation = report.evaluation;
        this.lastEvaluation = evaluation;
        const points = evaluationToPoints(evaluation, Date.now());
        // Metrics, the evaluation snapshot and the run's headline numbers: all of them or none.
        const run = store.transaction(() => {
          store.appendMetrics(this.runId, points);
          store.saveSnapshots([evaluationSnapshot(this.runId, evaluation)]);
          const previousBest = store.getRun(this.runId).summary.bestElbo ?? null;
          const best = previousBest === null || evaluation.elbo > previousBest;
          return store.updateSummary(this.runId, {
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
        return;
      }
      case 'test-evaluation': {
        const evaluation = report.evaluation;
        const run = store.transaction(() => {
          store.saveSnapshots([testEvaluationSnapshot(this.runId, evaluation)]);
          return store.updateSummary(this.runId, testSummary(evaluation));
        });
        this.log('info', `Test set (final evaluation): ${describeTestEvaluation(evaluation)}.`);
        events.emit('runUpdated', run);
        return;
      }
      case 'snapshot': {
        const snapshot = report.snapshot;
        store.saveSnapshots(epochSnapshotInputs(this.runId, snapshot));
        const evaluation = this.lastEvaluation?.epoch === snapshot.epoch ? this.lastEvaluation : null;
        events.emit('snapshot', { runId: this.runId, epoch: snapshot.epoch, step: snapshot.step, evaluation });
        return;
      }
      case 'checkpoint': {
        const { checkpoint } = report;
        recordCheckpoint(store, this.runId, checkpoint);
        this.log('info', `Checkpoint (${checkpoint.reason}) at epoch ${checkpoint.epoch}, step ${checkpoint.step}: ${(checkpoint.bytes / 2 ** 20).toFixed(1)} MiB.`);
        return;
      }
      case 'finished':
      case 'failed':
        this.onOutcome(report.outcome);
        return;
    }
  }

  private onOutcome(outcome: TrainingOutcome): void {
    if (outcome.status === 'failed') {
      const failure = outcome.failure;
      const reason = failure ? [failure.diagnosis, ...failure.suggestions.map((s) => `• ${s}`)].join('\n') : 'training failed';
      this.log('error', reason);
      // Out of disk space is the machine's state, not the run's: once space is freed it can continue.
      this.settle(mentionsDiskFull(reason) ? 'interrupted' : 'failed', reason);
    } else {
      this.log('info', `Training ${outcome.status === 'stopped' ? 'stopped' : 'finished'} after ${outcome.step} steps (${outcome.elapsedSeconds.toFixed(1)} s).`);
      this.settle(outcome.status === 'stopped' ? 'stopped' : 'completed', null);
    }
    // The worker has nothing left to do for this run.
    void this.worker.stop(this.context.stopGraceMs);
  }

  private onExit(exit: WorkerExit): void {
    this.decodes.rejectAll('the training worker exited before decoding');
    if (this.settled) return;
    if (this.stopRequested && !exit.unexpected) {
      this.settle('stopped', null);
      return;
    }
    const reason = workerCrashReason(exit);
    this.log('error', reason);
    this.settle(this.stopRequested ? 'stopped' : 'interrupted', reason);
  }

  private abandon(error: unknown): void {
    void this.worker.stop(this.context.stopGraceMs);
    this.settle('interrupted', storeFailureReason(error));
  }

  private settle(status: RunStatus, error: string | null): void {
    if (this.settled) return;
    this.settled = true;
    this.progress = null;
    this.unrecorded = { status, error };
    this.recordFinalStatus();
  }

  /** Stores the final status if it is still unrecorded; false while the store refuses it. */
  recordFinalStatus(): boolean {
    if (this.unrecorded === null) return true;
    const run = tryRecordFinalStatus(this.context.store, this.runId, this.unrecorded, this.context.reserve);
    if (run === null) return false;
    this.unrecorded = null;
    this.context.events.emit('runUpdated', run);
    return true;
  }

  private setStatus(status: RunStatus): void {
    this.context.events.emit('runUpdated', this.context.store.setStatus(this.runId, status));
  }

  /** Best effort: a log line the store refuses (disk full) must not keep the final status from being recorded. */
  private log(level: LogLevel, line: string): void {
    try {
      this.context.events.emit('log', this.context.store.appendLog(this.runId, { at: Date.now(), level, line }));
    } catch {
      /* the run's reason carries the same message */
    }
  }
}
