import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostServices } from '../../../../../src/main/core/host-services';
import { TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import type { MetricPoint } from '../../../../../src/shared/runs';
import { openHost, seriesSteps, tempDataDir, tinyConfig, waitFor } from '../../../../helpers/tiny-run';

let services: HostServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

/** Every optimizer step is logged (reports only batch the read-back), so no gap means 0, 1, 2, …. */
function contiguousFromZero(steps: number[]): boolean {
  return steps.every((step, i) => step === i);
}

describe('run lifecycle with real worker processes', () => {
  it('trains to completion and records metrics, evaluations, snapshots, checkpoints and logs', async () => {
    services = openHost(tempDataDir());
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
    services = openHost(tempDataDir());
    const acknowledged: MetricPoint[] = [];
    services.events.on('metrics', (event) => {
      for (const entry of event.runs) acknowledged.push(...entry.points);
    });
    const svc = services;
    const run = svc.runs.createRun({ config: tinyConfig({ epochs: 3 }), name: 'killed' });
    // Past the first epoch's checkpoint, so the resume continues from it rather than from scratch.
    await waitFor(() => svc.store.listCheckpoints(run.id).length > 0, 120_000, 'a checkpoint');
    const checkpointStep = svc.store.listCheckpoints(run.id)[0]?.step ?? 0;
    await waitFor(() => acknowledged.some((p) => p.key === TRAIN_KEYS.loss && p.step > checkpointStep + 5), 60_000, 'metrics past the checkpoint');
    const pid = await waitFor(() => svc.runs.workerPid(run.id), 5000, 'worker pid');
    process.kill(pid, 'SIGKILL');
    const killed = await svc.runs.whenSettled(run.id);
    expect(killed.status).toBe('interrupted');
    expect(killed.error).toContain('SIGKILL');
    expect(killed.error).toContain('can continue from its last checkpoint');
    const stored = new Set(seriesSteps(svc, run.id, TRAIN_KEYS.loss));
    for (const point of acknowledged.filter((p) => p.key === TRAIN_KEYS.loss)) expect(stored.has(point.step)).toBe(true);

    svc.runs.startRun(run.id);
    const final = await svc.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    expect(final.error).toBeNull();
    const steps = seriesSteps(svc, run.id, TRAIN_KEYS.loss);
    expect(new Set(steps).size).toBe(steps.length);
    expect(contiguousFromZero(steps)).toBe(true);
    expect(steps.at(-1)).toBe((final.summary.stepsCompleted ?? 0) - 1);
    expect(svc.store.getLogs(run.id).some((l) => l.line.includes(`resumed from epoch 1 step ${checkpointStep}`))).toBe(true);
  });

  it('pauses, resumes, stops with a checkpoint, and continues without a gap or a duplicate step', async () => {
    services = openHost(tempDataDir());
    const run = services.runs.createRun({ config: tinyConfig({ epochs: 3 }), name: 'stop-and-go' });
    const svc = services;
    await waitFor(() => svc.runs.progressOf(run.id), 60_000, 'first progress');
    svc.runs.pauseRun(run.id);
    await waitFor(() => svc.store.getRun(run.id).status === 'paused', 20_000, 'paused');
    const pausedAt = seriesSteps(svc, run.id, TRAIN_KEYS.loss).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seriesSteps(svc, run.id, TRAIN_KEYS.loss).length).toBe(pausedAt);
    svc.runs.resumeRun(run.id);
    await waitFor(() => svc.store.getRun(run.id).status === 'running', 20_000, 'running again');
    await waitFor(() => seriesSteps(svc, run.id, TRAIN_KEYS.loss).length > pausedAt, 30_000, 'steps after resume');

    const stopped = await svc.runs.stopRun(run.id);
    expect(stopped.status).toBe('stopped');
    expect(svc.store.listCheckpoints(run.id).length).toBeGreaterThan(0);

    svc.runs.startRun(run.id);
    const final = await svc.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    const steps = seriesSteps(svc, run.id, TRAIN_KEYS.loss);
    expect(new Set(steps).size).toBe(steps.length);
    expect(contiguousFromZero(steps)).toBe(true);
    expect(steps.at(-1)).toBe((final.summary.stepsCompleted ?? 0) - 1);
    expect(svc.store.getLogs(run.id).some((l) => l.line.includes('resumed from'))).toBe(true);
  });

  it('resumes a run that a dead host had queued to continue, instead of starting it over', async () => {
    services = openHost(tempDataDir());
    const svc = services;
    const run = svc.runs.createRun({ config: tinyConfig({ epochs: 3 }), name: 'queued to resume' });
    await waitFor(() => svc.store.listCheckpoints(run.id).length > 0, 120_000, 'a checkpoint');
    expect((await svc.runs.stopRun(run.id)).status).toBe('stopped');
    // A host queues it to resume, then dies before starting it: the store says 'queued'.
    svc.store.setStatus(run.id, 'queued');
    svc.runs.startRun(run.id);
    const final = await svc.runs.whenSettled(run.id);
    expect(final.status).toBe('completed');
    expect(svc.store.getLogs(run.id).some((l) => l.line.includes('resumed from'))).toBe(true);
    expect(contiguousFromZero(seriesSteps(svc, run.id, TRAIN_KEYS.loss))).toBe(true);
  });

  it('resumes a run an older host marked failed because its worker crashed, but not one that failed by its own error', async () => {
    services = openHost(tempDataDir());
    const svc = services;
    const run = svc.runs.createRun({ config: tinyConfig({ epochs: 3 }), name: 'failed by a crash' });
    await waitFor(() => svc.store.listCheckpoints(run.id).length > 0, 120_000, 'a checkpoint');
    expect((await svc.runs.stopRun(run.id)).status).toBe('stopped');
    // What hosts before this change stored for a worker killed with SIGKILL.
    svc.store.setError(run.id, 'The training worker was killed by SIGKILL before the run finished.');
    svc.store.setStatus(run.id, 'failed');
    svc.runs.startRun(run.id);
    expect((await svc.runs.whenSettled(run.id)).status).toBe('completed');
    expect(svc.store.getLogs(run.id).some((l) => l.line.includes('resumed from'))).toBe(true);

    const diverged = svc.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'failed by itself', start: false });
    svc.store.setError(diverged.id, 'Training stopped at step 3 (epoch 1): the loss became NaN.');
    svc.store.setStatus(diverged.id, 'failed');
    expect(() => svc.runs.startRun(diverged.id)).toThrow(/only queued, interrupted or stopped runs can be started/);
  });

  it('keeps checkpoint records in step with the folders the worker keeps, so a long run still exports and decodes', async () => {
    services = openHost(tempDataDir());
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
    services = openHost(tempDataDir());
    const first = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'busy' });
    const waiting = services.runs.createRun({ config: tinyConfig({ epochs: 1 }), name: 'stopped while queued' });
    expect((await services.runs.stopRun(waiting.id)).status).toBe('stopped');
    services.runs.startRun(waiting.id);
    await services.runs.whenSettled(first.id);
    expect((await services.runs.whenSettled(waiting.id)).status).toBe('completed');
  });

  it('queues a second run until the first has finished (concurrency 1), and can cancel a queued run', async () => {
    services = openHost(tempDataDir());
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
    services = openHost(tempDataDir());
    const run = services.runs.createRun({ config: tinyConfig(), name: 'not started', start: false });
    expect(run.status).toBe('queued');
    await expect(services.handlers.pauseRun({ id: run.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('not started') });
    await expect(services.handlers.resumeRun({ id: run.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(services.handlers.getRun({ id: 'no-such-run' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
