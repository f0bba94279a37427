/**
 * The report recorder on a real store, without a worker: each report kind in, and out the store's
 * rows, the events, the log lines and the progress a run shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig, type RunConfig } from '../../../../../src/shared/config';
import type { EventName, WorkbenchEvents } from '../../../../../src/shared/events';
import type { LogLevel } from '../../../../../src/shared/runs';
import type { EpochEvaluation, EpochSnapshot, StepMetrics, TrainingOutcome, TrainingReport } from '../../../../../src/shared/training-report';
import { outcomeEnding, ReportRecorder } from '../../../../../src/main/core/runs/record-report';
import type { RunServiceStore } from '../../../../../src/main/core/runs/run-store-port';
import { SNAPSHOT_KINDS } from '../../../../../src/main/core/runs/snapshot-codec';
import type { RunStore } from '../../../../../src/main/core/store';
import { freshStore, temporaryFolder } from '../store/store-fixtures';

type Emitted = { [E in EventName]: { event: E; payload: WorkbenchEvents[E] } }[EventName];

function recorderOn(store: RunServiceStore = freshStore(), config: RunConfig = { ...defaultRunConfig(), optim: { ...defaultRunConfig().optim, epochs: 3, batchSize: 100 } }) {
  const runStore = store as RunStore;
  const run = runStore.createRun({ name: 'recorded', config, seed: 1 });
  runStore.mergeSummary(run.id, { model: 'mlp', latentDim: 20 });
  const emitted: Emitted[] = [];
  const logs: { level: LogLevel; line: string }[] = [];
  const events = { emit: <E extends EventName>(event: E, payload: WorkbenchEvents[E]) => void emitted.push({ event, payload } as Emitted) };
  const recorder = new ReportRecorder({ store, events, log: (level, line) => void logs.push({ level, line }) }, run.id, config);
  const of = <E extends EventName>(event: E) => emitted.filter((e) => e.event === event).map((e) => e.payload as WorkbenchEvents[E]);
  return { store: runStore, runId: run.id, recorder, emitted, logs, of };
}

const started = (resumedFrom: { epoch: number; step: number } | null = null): Extract<TrainingReport, { type: 'started' }> => ({
  type: 'started',
  backend: { requested: 'auto', name: 'wasm', device: 'WebAssembly (SIMD, 1 thread)', gpu: false, skipped: [{ candidate: 'cpu-blas', reason: 'libopenblas.so.0 not found' }] },
  dataset: { name: 'mnist', source: 'idx', height: 28, width: 28, channels: 1, trainCount: 54000, testCount: 6000, classNames: [], contentHash: 'abc123' },
  parameterCount: 652824,
  stepsPerEpoch: 540,
  totalSteps: 1620,
  resumedFrom,
});

const step = (index: number, samplesPerSec = 2000): StepMetrics => ({
  step: index,
  epoch: 0,
  loss: 150 - index,
  recon: 120 - index,
  kl: 30,
  vqLoss: null,
  beta: 1,
  gradNorm: 4,
  lr: 0.001,
  samplesPerSec,
  wallTime: 1_700_000_000_000 + 30 * index,
});

const evaluation = (epoch: number, elbo: number): EpochEvaluation => ({
  epoch,
  step: epoch * 540,
  split: 'validation',
  heldOutPoints: 6000,
  elbo,
  elboStdErr: 0.3,
  recon: -elbo - 25,
  kl: 25,
  iwae: null,
  klPerDim: [1, 2],
  posteriorVariance: [0.2, 0.4],
  activeUnits: { count: 2, variances: [1, 1], active: [true, true] },
  mutualInformation: 3,
  verdict: null,
  trainSubset: null,
  codebook: null,
  durationMs: 5,
});

const grid = { width: 2, height: 2, channels: 1 as const, rows: 1, columns: 1, tileWidth: 2, tileHeight: 2, pixels: new Uint8Array(4) };
const snapshot = (epoch: number): EpochSnapshot => ({
  epoch,
  step: epoch * 540,
  latent: { dim: 2, count: 1, mu: new Float32Array(2), labels: new Int32Array(1), projection: new Float32Array(2), projectionKind: 'identity', explainedVarianceRatio: null },
  reconstructions: grid,
  priorSamples: grid,
  traversals: null,
});

describe('recording a started report', () => {
  it('stores the environment, logs the device, data and skipped backends, and shows progress from the resume point', () => {
    const { store, runId, recorder, logs, of } = recorderOn();
    recorder.record(started({ epoch: 1, step: 540 }));
    expect(store.getRun(runId)).toMatchObject({ backend: 'wasm', device: 'WebAssembly (SIMD, 1 thread)', dataset: 'mnist', datasetHash: 'abc123' });
    expect(of('runUpdated').at(-1)?.backend).toBe('wasm');
    expect(logs[0]).toEqual({
      level: 'info',
      line: 'Training on WebAssembly (SIMD, 1 thread): mnist (54000 train / 6000 held out), 652,824 parameters, 1620 steps, resumed from epoch 1 step 540.',
    });
    expect(logs[1]).toEqual({ level: 'info', line: 'Backend cpu-blas skipped: libopenblas.so.0 not found' });
    expect(logs[2]?.level).toBe('warn');
    expect(logs[2]?.line).toMatch(/^Training on plain WebAssembly: the fast CPU backend/);
    const progress = { runId, step: 540, totalSteps: 1620, epoch: 1, epochs: 3, samplesPerSec: 0, etaSeconds: null };
    expect(recorder.progress).toEqual(progress);
    expect(of('progress')).toEqual([progress]);
  });
});

describe('recording a metrics report', () => {
  it('stores the points it emits and shows speed and time left after the batch’s last step', () => {
    const { store, runId, recorder, of } = recorderOn();
    recorder.record(started());
    recorder.record({ type: 'metrics', steps: [step(0), step(1), step(9, 1000)] });
    const [metrics] = of('metrics');
    const points = metrics?.runs[0]?.points ?? [];
    expect(metrics?.runs[0]?.runId).toBe(runId);
    expect(points.length).toBeGreaterThan(0);
    expect(store.listMetricKeys(runId).sort()).toEqual([...new Set(points.map((point) => point.key))].sort());
    // The worker's wall time, in the milliseconds the store keeps, on every point of its step.
    expect(new Set(points.filter((point) => point.step === 9).map((point) => point.wallTime))).toEqual(new Set([1_700_000_000_270]));
    // 1610 steps left of 100 examples at 1000 examples/s.
    expect(recorder.progress).toEqual({ runId, step: 10, totalSteps: 1620, epoch: 0, epochs: 3, samplesPerSec: 1000, etaSeconds: 161 });
    expect(of('progress').at(-1)).toEqual(recorder.progress);
  });

  it('shows no progress change for an empty batch', () => {
    const { recorder, of } = recorderOn();
    recorder.record(started());
    recorder.record({ type: 'metrics', steps: [] });
    expect(of('progress')).toHaveLength(1);
    expect(recorder.progress?.step).toBe(0);
  });
});

describe('recording evaluations', () => {
  it('merges the headline numbers into the summary, keeps the best epoch, and stores the evaluation', () => {
    const { store, runId, recorder, of } = recorderOn();
    recorder.record({ type: 'evaluation', evaluation: evaluation(1, -110), wallTime: 1_700_000_100_000 });
    recorder.record({ type: 'evaluation', evaluation: evaluation(2, -112), wallTime: 1_700_000_200_000 });
    const summary = store.getRun(runId).summary;
    // Fields the run was created with stay: the store merges, it does not replace.
    expect(summary).toMatchObject({ model: 'mlp', latentDim: 20, epochsCompleted: 2, stepsCompleted: 1080, elbo: -112, bestEpoch: 1, bestElbo: -110, evaluationSplit: 'validation', activeUnits: 2 });
    expect(store.listSnapshots(runId, SNAPSHOT_KINDS.evaluation).map((info) => info.epoch)).toEqual([1, 2]);
    expect(of('metrics')).toHaveLength(2);
    // Its points carry the worker's time of the evaluation, not the host's time of receipt.
    expect(new Set(of('metrics')[1]?.runs[0]?.points.map((point) => point.wallTime))).toEqual(new Set([1_700_000_200_000]));
    expect(of('runUpdated').at(-1)?.summary.elbo).toBe(-112);
  });

  it('writes an evaluation’s metrics, snapshot and summary together or not at all', () => {
    const real = freshStore();
    const { runId, recorder, emitted } = recorderOn(refusingSnapshots(real));
    expect(() => recorder.record({ type: 'evaluation', evaluation: evaluation(1, -110), wallTime: 1_700_000_100_000 })).toThrow(/disk is full/);
    expect(real.listMetricKeys(runId)).toEqual([]);
    expect(real.getRun(runId).summary.elbo).toBeUndefined();
    expect(emitted).toEqual([]);
  });

  it('merges a test evaluation into the summary and logs it', () => {
    const { store, runId, recorder, logs } = recorderOn();
    recorder.record({ type: 'evaluation', evaluation: evaluation(3, -109), wallTime: 1_700_000_300_000 });
    recorder.record({ type: 'test-evaluation', evaluation: { ...evaluation(3, -108.5), split: 'test' } });
    expect(store.getRun(runId).summary).toMatchObject({ elbo: -109, testElbo: -108.5, testNll: null });
    expect(store.listSnapshots(runId, SNAPSHOT_KINDS.testEvaluation).map((info) => info.epoch)).toEqual([3]);
    expect(logs.at(-1)).toEqual({ level: 'info', line: 'Test set (final evaluation): ELBO -108.50 ± 0.30 nats on 6000 points (epoch 3).' });
  });
});

describe('recording snapshots, checkpoints and pauses', () => {
  it('attaches the same epoch’s evaluation to a snapshot event, and none for another epoch', () => {
    const { store, runId, recorder, of } = recorderOn();
    recorder.record({ type: 'evaluation', evaluation: evaluation(1, -110), wallTime: 1_700_000_100_000 });
    recorder.record({ type: 'snapshot', snapshot: snapshot(1) });
    recorder.record({ type: 'snapshot', snapshot: snapshot(2) });
    expect(of('snapshot').map((s) => [s.epoch, s.evaluation?.elbo ?? null])).toEqual([
      [1, -110],
      [2, null],
    ]);
    expect(store.listSnapshots(runId, SNAPSHOT_KINDS.latent).map((info) => info.epoch)).toEqual([1, 2]);
  });

  it('records a checkpoint, forgets those whose folders are gone, and logs its size', () => {
    const { store, runId, recorder, logs } = recorderOn();
    const folder = temporaryFolder();
    const kept = join(folder, 'step-1080');
    mkdirSync(kept);
    store.addCheckpoint({ runId, epoch: 1, step: 540, path: join(folder, 'step-540') });
    recorder.record({ type: 'checkpoint', checkpoint: { path: kept, epoch: 2, step: 1080, bytes: 3 * 2 ** 20, reason: 'epoch' } });
    expect(store.listCheckpoints(runId).map((c) => c.step)).toEqual([1080]);
    expect(logs).toEqual([{ level: 'info', line: 'Checkpoint (epoch) at epoch 2, step 1080: 3.0 MiB.' }]);
  });

  it('stores a pause and a resume as the run’s status, with the step it paused at', () => {
    const { store, runId, recorder, logs, of } = recorderOn();
    recorder.record(started());
    recorder.record({ type: 'metrics', steps: [step(41)] });
    recorder.record({ type: 'state', state: 'paused' });
    expect(store.getRun(runId).status).toBe('paused');
    recorder.record({ type: 'state', state: 'running' });
    expect(of('runUpdated').map((run) => run.status).slice(-2)).toEqual(['paused', 'running']);
    expect(logs.slice(-2).map((l) => l.line)).toEqual(['Paused at step 42.', 'Resumed.']);
  });

  it('shows no progress once the run has ended', () => {
    const { recorder } = recorderOn();
    recorder.record(started());
    recorder.endProgress();
    expect(recorder.progress).toBeNull();
  });
});

describe('a run’s ending', () => {
  const outcome = (overrides: Partial<TrainingOutcome>): TrainingOutcome => ({
    status: 'finished',
    epoch: 3,
    step: 1620,
    backend: null,
    lastEvaluation: null,
    checkpointPath: null,
    failure: null,
    elapsedSeconds: 61.25,
    ...overrides,
  });
  const failure = (diagnosis: string) => ({ kind: 'error' as const, step: 7, epoch: 0, quantity: null, parameter: null, diagnosis, suggestions: ['lower the learning rate', 'clip gradients'] });

  it('completes a finished run and stops a stopped one, with the steps and time taken', () => {
    expect(outcomeEnding(outcome({}))).toEqual({ level: 'info', line: 'Training finished after 1620 steps (61.3 s).', final: { status: 'completed', error: null } });
    expect(outcomeEnding(outcome({ status: 'stopped', step: 12 }))).toEqual({ level: 'info', line: 'Training stopped after 12 steps (61.3 s).', final: { status: 'stopped', error: null } });
  });

  it('fails a failed run with its diagnosis and suggestions, but interrupts one the disk stopped', () => {
    const reason = 'Step 7: the loss became NaN.\n• lower the learning rate\n• clip gradients';
    expect(outcomeEnding(outcome({ status: 'failed', failure: failure('Step 7: the loss became NaN.') }))).toEqual({ level: 'error', line: reason, final: { status: 'failed', error: reason } });
    expect(outcomeEnding(outcome({ status: 'failed' })).final).toEqual({ status: 'failed', error: 'training failed' });
    expect(outcomeEnding(outcome({ status: 'failed', failure: failure('Checkpoint write failed: disk full') })).final.status).toBe('interrupted');
  });
});

/** The real store, except that it refuses every snapshot as a full disk would. */
function refusingSnapshots(real: RunStore): RunServiceStore {
  return new Proxy(real, {
    get: (target, key) => {
      if (key === 'saveSnapshots') {
        return () => {
          throw new Error('database or disk is full');
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
