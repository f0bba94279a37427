import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import type { HostServices } from '../../../../../src/main/core/host-services';
import type { MetricPoint, RunRecord } from '../../../../../src/shared/runs';
import { hostsClosedAfter, openHost, seriesSteps, tempDataDir, tinyConfig, waitFor } from '../../../../helpers/tiny-run';

const closing = hostsClosedAfter('each');

/** Every optimizer step is logged (reports only batch the read-back), so no gap means 0, 1, 2, …. */
function contiguousFromZero(steps: number[]): boolean {
  return steps.every((step, i) => step === i);
}

/** A three-epoch run stopped once it has a checkpoint: one that a host can continue. */
async function stoppedWithCheckpoint(services: HostServices, name: string): Promise<RunRecord> {
  const run = services.runs.createRun({ config: tinyConfig({ epochs: 3 }), name });
  await waitFor(() => services.store.listCheckpoints(run.id).length > 0, 120_000, 'a checkpoint');
  expect((await services.runs.stopRun(run.id)).status).toBe('stopped');
  return run;
}

describe('run lifecycle with real worker processes', () => {
  it('trains to completion and records metrics, evaluations, snapshots, checkpoints and logs', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = services.runs.createRun({ config: tinyConfig(), name: 'complete' });
    const final = await services.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    expect(final.backend).toBe('wasm');
    expect(final.dataset).toBe('mnist-embedded');
    expect(final.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(final.summary.epochsCompleted).toBe(2);
    expect(final.summary.activeUnits).toBeGreaterThanOrEqual(0);

    const steps = seriesSteps(services, run.id, TRAIN_KEYS.loss);
    expect(steps.length).toBeGreaterThan(10);
    expect(new Set(steps).size).toBe(steps.length);
    const evaluations = await services.handlers.getEvaluations({ runId: run.id });
    expect(evaluations.map((e) => e.epoch)).toEqual([1, 2]);
    expect(evaluations[1]?.klPerDim).toHaveLength(4);
    const snapshot = await services.handlers.getSnapshot({ runId: run.id });
    expect(snapshot.epoch).toBe(2);
    expect(snapshot.latent?.count).toBe(200);
    expect(snapshot.latent?.projection).toHaveLength(400);
    expect(snapshot.reconstructions?.pixelsBase64.length).toBeGreaterThan(100);
    const checkpoints = services.store.listCheckpoints(run.id);
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(existsSync(checkpoints.at(-1)?.path ?? '')).toBe(true);
    const logs = services.store.getLogs(run.id);
    expect(logs.some((line) => line.line.startsWith('Training on WebAssembly'))).toBe(true);

    // Decoding a finished run goes through a checkpoint-loading worker.
    const grid = await services.handlers.decode({ runId: run.id, zs: [[0, 0, 0, 0], [1, -1, 0.5, 2]] });
    expect(grid.columns).toBe(2);
    expect(Buffer.from(grid.pixelsBase64, 'base64').length).toBe(grid.width * grid.height * grid.channels);
  });

  it('marks a run interrupted when its worker is killed with SIGKILL, keeping every acknowledged metric; it resumes to completion with no gap or duplicate', async () => {
    const services = closing(openHost(tempDataDir()));
    const acknowledged: MetricPoint[] = [];
    services.events.on('metrics', (event) => {
      for (const entry of event.runs) acknowledged.push(...entry.points);
    });
    const run = services.runs.createRun({ config: tinyConfig({ epochs: 3 }), name: 'killed' });
    // Past the first epoch's checkpoint, so the resume continues from it rather than from scratch.
    await waitFor(() => services.store.listCheckpoints(run.id).length > 0, 120_000, 'a checkpoint');
    const checkpointStep = services.store.listCheckpoints(run.id)[0]?.step ?? 0;
    await waitFor(() => acknowledged.some((p) => p.key === TRAIN_KEYS.loss && p.step > checkpointStep + 5), 60_000, 'metrics past the checkpoint');
    const pid = await waitFor(() => services.runs.workerPid(run.id), 5000, 'worker pid');
    process.kill(pid, 'SIGKILL');
    const killed = await services.runs.whenSettled(run.id);
    expect(killed.status).toBe('interrupted');
    expect(killed.error).toContain('SIGKILL');
    expect(killed.error).toContain('can continue from its last checkpoint');
    const stored = new Set(seriesSteps(services, run.id, TRAIN_KEYS.loss));
    for (const point of acknowledged.filter((p) => p.key === TRAIN_KEYS.loss)) expect(stored.has(point.step)).toBe(true);

    services.runs.startRun(run.id);
    const final = await services.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    expect(final.error).toBeNull();
    const steps = seriesSteps(services, run.id, TRAIN_KEYS.loss);
    expect(new Set(steps).size).toBe(steps.length);
    expect(contiguousFromZero(steps)).toBe(true);
    expect(steps.at(-1)).toBe((final.summary.stepsCompleted ?? 0) - 1);
    expect(services.store.getLogs(run.id).some((l) => l.line.includes(`resumed from epoch 1 step ${checkpointStep}`))).toBe(true);
  });

  it('pauses, resumes, stops with a checkpoint, and continues without a gap or a duplicate step', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = services.runs.createRun({ config: tinyConfig({ epochs: 3 }), name: 'stop-and-go' });
    await waitFor(() => services.runs.progressOf(run.id), 60_000, 'first progress');
    services.runs.pauseRun(run.id);
    await waitFor(() => services.store.getRun(run.id).status === 'paused', 20_000, 'paused');
    const pausedAt = seriesSteps(services, run.id, TRAIN_KEYS.loss).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seriesSteps(services, run.id, TRAIN_KEYS.loss).length).toBe(pausedAt);
    services.runs.resumeRun(run.id);
    await waitFor(() => services.store.getRun(run.id).status === 'running', 20_000, 'running again');
    await waitFor(() => seriesSteps(services, run.id, TRAIN_KEYS.loss).length > pausedAt, 30_000, 'steps after resume');

    const stopped = await services.runs.stopRun(run.id);
    expect(stopped.status).toBe('stopped');
    expect(services.store.listCheckpoints(run.id).length).toBeGreaterThan(0);

    services.runs.startRun(run.id);
    const final = await services.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    const steps = seriesSteps(services, run.id, TRAIN_KEYS.loss);
    expect(new Set(steps).size).toBe(steps.length);
    expect(contiguousFromZero(steps)).toBe(true);
    expect(steps.at(-1)).toBe((final.summary.stepsCompleted ?? 0) - 1);
    expect(services.store.getLogs(run.id).some((l) => l.line.includes('resumed from'))).toBe(true);
  });

  it('resumes a run that a dead host had queued to continue, instead of starting it over', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = await stoppedWithCheckpoint(services, 'queued to resume');
    // A host queues it to resume, then dies before starting it: the store says 'queued'.
    services.store.setStatus(run.id, 'queued');
    services.runs.startRun(run.id);
    const final = await services.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    expect(services.store.getLogs(run.id).some((l) => l.line.includes('resumed from'))).toBe(true);
    expect(contiguousFromZero(seriesSteps(services, run.id, TRAIN_KEYS.loss))).toBe(true);
  });

  it('resumes a run an older host marked failed because its worker crashed, but not one that failed by its own error', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = await stoppedWithCheckpoint(services, 'failed by a crash');
    // What hosts before this change stored for a worker killed with SIGKILL.
    services.store.setError(run.id, 'The training worker was killed by SIGKILL before the run finished.');
    services.store.setStatus(run.id, 'failed');
    services.runs.startRun(run.id);
    expect((await services.runs.whenSettled(run.id)).status).toBe('completed');
    expect(services.store.getLogs(run.id).some((l) => l.line.includes('resumed from'))).toBe(true);

    const diverged = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'failed by itself', start: false });
    services.store.setError(diverged.id, 'Training stopped at step 3 (epoch 1): the loss became NaN.');
    services.store.setStatus(diverged.id, 'failed');
    expect(() => services.runs.startRun(diverged.id)).toThrow(/only queued, interrupted or stopped runs can be started/);
  });

  it('keeps checkpoint records in step with the folders the worker keeps, so a long run still exports and decodes', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = services.runs.createRun({ config: tinyConfig({ epochs: 4 }), name: 'four epochs' });
    expect((await services.runs.whenSettled(run.id)).status).toBe('completed');
    const checkpoints = services.store.listCheckpoints(run.id);
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const checkpoint of checkpoints) expect(existsSync(checkpoint.path)).toBe(true);
    const bundle = await services.handlers.exportRun({ id: run.id, format: 'bundle' });
    expect(Buffer.from(bundle.base64 ?? '', 'base64').length).toBeGreaterThan(1000);
    // An epoch whose checkpoint was pruned is refused with CONFLICT (the explorer then uses the latest).
    await expect(services.handlers.decode({ runId: run.id, zs: [[0, 0, 0, 0]], epoch: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('starts a run stopped before its first checkpoint afresh', async () => {
    const services = closing(openHost(tempDataDir()));
    const first = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'busy' });
    const waiting = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'stopped while queued' });
    expect((await services.runs.stopRun(waiting.id)).status).toBe('stopped');
    services.runs.startRun(waiting.id);
    await services.runs.whenSettled(first.id);
    expect((await services.runs.whenSettled(waiting.id)).status).toBe('completed');
  });

  it('queues a second run until the first has finished (concurrency 1), and can cancel a queued run', async () => {
    const services = closing(openHost(tempDataDir()));
    const first = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'first' });
    const second = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'second' });
    const third = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'third' });
    expect(services.store.getRun(second.id).status).toBe('queued');
    expect(services.runs.counts()).toEqual({ active: 1, queued: 2 });
    expect((await services.runs.stopRun(third.id)).status).toBe('stopped');
    const [a, b] = await Promise.all([services.runs.whenSettled(first.id), services.runs.whenSettled(second.id)]);
    expect(a.status).toBe('completed');
    expect(b.status).toBe('completed');
    expect(b.startedAt ?? 0).toBeGreaterThanOrEqual(a.endedAt ?? Infinity);
    expect(services.store.getRun(third.id).startedAt).toBeNull();
  });

  it('rejects state changes that make no sense with CONFLICT, naming the run', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = services.runs.createRun({ config: tinyConfig(), name: 'not started', start: false });
    expect(run.status).toBe('queued');
    await expect(services.handlers.pauseRun({ id: run.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('not started') });
    await expect(services.handlers.resumeRun({ id: run.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(services.handlers.getRun({ id: 'no-such-run' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
