/**
 * Runs' lives: create, queue (configurable concurrency, default 1), start or continue from a
 * checkpoint, pause, resume, stop, delete, decode. One ActiveRun per training worker; the store is
 * the record of truth and every change is also published on the event hub.
 */
import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { PresetName } from '../../../shared/config';
import { parseRunConfig, validateRunConfig } from '../../../shared/config';
import { parseStoredRunConfig, withStoredDefaults } from '../../../shared/stored-config';
import { WorkbenchError, messageOf } from '../../../shared/errors';
import type { RunProgress } from '../../../shared/api';
import type { RunRecord } from '../../../shared/runs';
import type { EpochEvaluation, ImageGrid } from '../../../shared/training-report';
import type { EventHub } from '../event-hub';
import type { WorkerLauncher } from '../worker-host/worker-process';
import { ActiveRun } from './active-run';
import { evaluateCheckpoint, gradientLabOnCheckpoint, type CheckpointJobContext, type EvaluationRequest } from './checkpoint-jobs';
import type { GradientLabParams, GradientLabResult } from '../../../shared/gradient-lab';
import { DecoderPool } from './decoder-pool';
import type { DecodeProgressListener } from './pending-decodes';
import { DISK_RESERVE_FILE, DiskReserve } from './disk-reserve';
import { UnrecordedEndings } from './unrecorded-endings';
import { failedByCrash } from './final-status';
import { defaultRunName, initialSummary, resolveRunConfig } from './resolve-config';
import type { RunServiceStore } from './run-store-port';

export interface RunServiceOptions {
  store: RunServiceStore;
  events: EventHub;
  launcher: WorkerLauncher;
  /** Holds checkpoints/<run id>/ and datasets/. */
  dataDir: string;
  concurrency?: number;
  stopGraceMs?: number;
}

export interface CreateRunParams {
  name?: string;
  preset?: PresetName;
  config?: unknown;
  tags?: string[];
  notes?: string;
  start?: boolean;
}

const conflict = (message: string) => new WorkbenchError({ code: 'CONFLICT', message });

export class RunService {
  private readonly store: RunServiceStore;
  private readonly events: EventHub;
  private readonly launcher: WorkerLauncher;
  private readonly active = new Map<string, ActiveRun>();
  private readonly queue: { runId: string; resumeFrom: string | null }[] = [];
  private readonly decoders: DecoderPool;
  private readonly concurrency: number;
  private readonly stopGraceMs: number;
  private closing = false;
  private readonly unrecorded = new UnrecordedEndings();
  /** Written when a run is launched (never by a read-only host): see disk-reserve.ts. */
  private readonly reserve: DiskReserve;

  constructor(private readonly options: RunServiceOptions) {
    this.store = options.store;
    this.events = options.events;
    this.launcher = options.launcher;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.stopGraceMs = options.stopGraceMs ?? 30_000;
    this.decoders = new DecoderPool(options.launcher);
    this.reserve = new DiskReserve(join(options.dataDir, DISK_RESERVE_FILE));
  }

  /** Called once at host start: runs a dead host left training become 'interrupted' (resumable). */
  recoverInterrupted(): RunRecord[] {
    const interrupted = this.store.markInterrupted();
    for (const run of interrupted) {
      this.store.appendLog(run.id, { at: Date.now(), level: 'warn', line: 'The host stopped while this run was training; it can continue from its last checkpoint.' });
      this.events.emit('runUpdated', run);
    }
    return interrupted;
  }

  /** Checkpoint paths from imported bundles are relative to the checkpoints folder. */
  resolveCheckpointPath(path: string): string {
    return isAbsolute(path) ? path : join(this.options.dataDir, 'checkpoints', path);
  }

  checkpointDir(runId: string): string {
    return join(this.options.dataDir, 'checkpoints', runId);
  }

  get cacheDir(): string {
    return join(this.options.dataDir, 'datasets');
  }

  counts(): { active: number; queued: number } {
    return { active: this.active.size, queued: this.queue.length };
  }

  progressOf(runId: string): RunProgress | null {
    return this.active.get(runId)?.currentProgress ?? null;
  }

  /** The process id of the run's training worker, while it trains. */
  workerPid(runId: string): number | undefined {
    return this.active.get(runId)?.pid;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Resolves when the run is neither queued nor training (for the CLI and tests). */
  async whenSettled(runId: string): Promise<RunRecord> {
    for (;;) {
      const active = this.active.get(runId);
      if (active) await active.done;
      else if (this.queue.some((entry) => entry.runId === runId)) await new Promise((resolve) => setTimeout(resolve, 100));
      else return this.store.getRun(runId);
    }
  }

  createRun(params: CreateRunParams): RunRecord {
    const config = resolveRunConfig(params.preset, params.config);
    const run = this.store.createRun({
      name: params.name?.trim() || defaultRunName(params.preset, config),
      config,
      seed: config.seed,
      tags: params.tags ?? (params.preset ? [params.preset] : []),
      notes: params.notes ?? '',
    });
    const withSummary = this.store.mergeSummary(run.id, initialSummary(config));
    this.events.emit('runUpdated', withSummary);
    return params.start === false ? withSummary : this.startRun(run.id);
  }

  /**
   * A run continues from its last checkpoint, or starts fresh if it has none (a new run, or one
   * stopped before its first checkpoint). A 'queued' run can have checkpoints too: it was queued to
   * resume by a host that then died, and must not start over.
   */
  startRun(id: string): RunRecord {
    this.unrecorded.require(id);
    const run = this.store.getRun(id);
    if (this.active.has(id) || this.queue.some((entry) => entry.runId === id)) throw conflict(`run "${run.name}" is already ${run.status}`);
    const resumable = run.status === 'queued' || run.status === 'interrupted' || run.status === 'stopped' || (run.status === 'failed' && failedByCrash(run.error));
    if (!resumable) {
      throw conflict(`run "${run.name}" is ${run.status}; only queued, interrupted or stopped runs can be started`);
    }
    // Refuse a config that cannot train (e.g. from a hand-edited bundle) before it is queued.
    const validation = validateRunConfig(withStoredDefaults(run.config));
    if (!validation.ok) {
      throw new WorkbenchError({
        code: 'BAD_REQUEST',
        message: `run "${run.name}" has an invalid config: ${validation.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues: validation.issues,
      });
    }
    const last = this.store.listCheckpoints(id).at(-1);
    const resumeFrom = last ? this.resolveCheckpointPath(last.path) : null;
    this.store.setError(id, null);
    const queued = this.store.setStatus(id, 'queued');
    this.events.emit('runUpdated', queued);
    this.queue.push({ runId: id, resumeFrom });
    this.pump();
    return this.store.getRun(id);
  }

  pauseRun(id: string): RunRecord {
    const active = this.requireActive(id, 'paused');
    active.pause();
    return this.store.getRun(id);
  }

  resumeRun(id: string): RunRecord {
    const run = this.store.getRun(id);
    if (run.status !== 'paused') throw conflict(`run "${run.name}" is ${run.status}, not paused`);
    this.requireActive(id, 'resumed').resume();
    return this.store.getRun(id);
  }

  async stopRun(id: string): Promise<RunRecord> {
    this.unrecorded.require(id);
    const queuedAt = this.queue.findIndex((entry) => entry.runId === id);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      const stopped = this.store.setStatus(id, 'stopped');
      this.events.emit('runUpdated', stopped);
      return stopped;
    }
    await this.requireActive(id, 'stopped').stop();
    return this.store.getRun(id);
  }

  async deleteRun(id: string): Promise<void> {
    this.store.getRun(id);
    const queuedAt = this.queue.findIndex((entry) => entry.runId === id);
    if (queuedAt >= 0) this.queue.splice(queuedAt, 1);
    await this.active.get(id)?.terminate();
    await this.decoders.release(id);
    this.store.deleteRun(id);
    rmSync(this.checkpointDir(id), { recursive: true, force: true });
    this.events.emit('runDeleted', { id });
  }

  /** See checkpoint-jobs.ts: a worker of its own evaluates the newest checkpoint; a test evaluation is stored. */
  evaluate(runId: string, request: EvaluationRequest): Promise<EpochEvaluation> {
    return evaluateCheckpoint(this.checkpointJobs(), runId, request);
  }

  /** See checkpoint-jobs.ts: the gradient-estimator lab on the newest checkpoint; nothing is stored. */
  gradientLab(runId: string, params: GradientLabParams): Promise<GradientLabResult> {
    return gradientLabOnCheckpoint(this.checkpointJobs(), runId, params);
  }

  /** onProgress hears a pixel-by-pixel decode's progress (0..1); factorized decoders report none. */
  async decode(runId: string, zs: number[][], epoch?: number, onProgress?: DecodeProgressListener): Promise<ImageGrid> {
    const run = this.store.getRun(runId);
    const config = parseRunConfig(run.config);
    const width = config.model.kind === 'vq-vae' ? config.model.latentDim * config.model.vq.embeddingDim : config.model.latentDim;
    const bad = zs.findIndex((z) => z.length !== width);
    if (bad >= 0) throw new WorkbenchError({ code: 'BAD_REQUEST', message: `zs[${bad}] has ${zs[bad]?.length} values; this run's decoder takes ${width}` });
    const active = this.active.get(runId);
    if (active && epoch === undefined) return active.decode(zs, onProgress);
    const checkpoints = this.store.listCheckpoints(runId);
    const checkpoint = epoch === undefined ? checkpoints.at(-1) : checkpoints.filter((c) => c.epoch === epoch).at(-1);
    if (!checkpoint) {
      throw conflict(epoch === undefined ? `run "${run.name}" has no checkpoint yet to decode with` : `run "${run.name}" has no checkpoint for epoch ${epoch}`);
    }
    return this.decoders.decode(runId, this.resolveCheckpointPath(checkpoint.path), zs, onProgress);
  }

  /** Stops every worker at a step boundary with a checkpoint; such runs are `stopped` and can continue later. */
  async close(): Promise<void> {
    this.closing = true;
    this.unrecorded.close();
    this.queue.length = 0;
    await Promise.all([...this.active.values()].map((run) => run.stop()));
    await this.decoders.close();
  }

  private checkpointJobs(): CheckpointJobContext {
    const { store, events, launcher, cacheDir } = this;
    return { store, events, launcher, cacheDir, resolveCheckpointPath: (path) => this.resolveCheckpointPath(path) };
  }

  private requireActive(id: string, verb: string): ActiveRun {
    const active = this.active.get(id);
    if (!active) {
      const run = this.store.getRun(id);
      throw conflict(`run "${run.name}" is ${run.status}; it cannot be ${verb}`);
    }
    return active;
  }

  private pump(): void {
    while (!this.closing && this.active.size < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next) return;
      try {
        this.launch(next.runId, next.resumeFrom);
      } catch (error) {
        // The run cannot start (its record or config went bad while queued): fail it, serve the rest.
        try {
          this.store.setError(next.runId, `could not start: ${messageOf(error)}`);
          this.events.emit('runUpdated', this.store.setStatus(next.runId, 'failed'));
        } catch {
          /* the run was deleted meanwhile */
        }
      }
    }
  }

  private launch(runId: string, resumeFrom: string | null): void {
    void this.decoders.release(runId);
    this.reserve.ensure();
    const run = this.store.getRun(runId);
    const active = new ActiveRun(
      {
        store: this.store,
        events: this.events,
        launcher: this.launcher,
        checkpointDir: this.checkpointDir(run.id),
        cacheDir: this.cacheDir,
        stopGraceMs: this.stopGraceMs,
        reserve: this.reserve,
      },
      run,
      parseStoredRunConfig(run.config),
      resumeFrom,
    );
    this.active.set(run.id, active);
    void active.done.then(() => {
      this.active.delete(run.id);
      if (!active.recordFinalStatus()) this.unrecorded.add(active);
      this.pump();
    });
  }
}
