/**
 * One run training in one worker process: starts it, hands its reports to the ReportRecorder
 * (store writes, events, log lines, progress), forwards pause / resume / stop / decode, and settles
 * the run's final status whatever way the process ends. Each report is written as it arrives, so
 * what the host has acknowledged survives a worker crash.
 */
import type { RunProgress } from '../../../shared/api';
import type { RunConfig } from '../../../shared/config';
import type { LogLevel, RunRecord, RunStatus } from '../../../shared/runs';
import type { ImageGrid, TrainingOutcome, TrainingReport } from '../../../shared/training-report';
import type { WorkerToHostMessage } from '../../../shared/worker-protocol';
import type { EventHub } from '../event-hub';
import type { WorkerExit, WorkerLauncher, WorkerProcess } from '../worker-host/worker-process';
import type { RunServiceStore } from './run-store-port';
import { removeCheckpointTemporaries } from './checkpoint-temporaries';
import { PendingDecodes, type DecodeProgressListener } from './pending-decodes';
import type { DiskReserve } from './disk-reserve';
import { storeFailureReason, tryRecordFinalStatus, workerCrashReason, workerFatalReason, type FinalStatus } from './final-status';
import { outcomeEnding, ReportRecorder } from './record-report';

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
  private readonly recorder: ReportRecorder;
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
    this.recorder = new ReportRecorder({ store: context.store, events: context.events, log: (level, line) => this.log(level, line) }, run.id, config);
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
    return this.recorder.progress;
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

  decode(zs: number[][], onProgress?: DecodeProgressListener): Promise<ImageGrid> {
    return this.decodes.request((requestId) => this.worker.send({ type: 'decode', requestId, zs, checkpointPath: null }), onProgress);
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
      case 'decode-progress':
        this.decodes.progress(message.requestId, message.fraction);
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
    if (report.type === 'finished' || report.type === 'failed') this.onOutcome(report.outcome);
    else this.recorder.record(report);
  }

  private onOutcome(outcome: TrainingOutcome): void {
    const ending = outcomeEnding(outcome);
    this.log(ending.level, ending.line);
    this.settle(ending.final.status, ending.final.error);
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
    this.recorder.endProgress();
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
