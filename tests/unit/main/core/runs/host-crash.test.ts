import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../../../../../src/main/core/store/run-store';
import { TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtFile } from '../../../../helpers/built-app';
import { openHost, seriesSteps, tempDataDir, tinyConfig, waitFor } from '../../../../helpers/tiny-run';

describe('a host killed with SIGKILL mid-run', () => {
  it('leaves an intact database; on restart the run is interrupted and resumes from its checkpoint with no gap or duplicate step', async () => {
    const dataDir = tempDataDir();
    const configPath = join(dataDir, 'config.json');
    writeFileSync(configPath, JSON.stringify(tinyConfig({ epochs: 4 })));
    // The CLI's `train` is a whole host: store, run service, worker process.
    const host = spawn(process.execPath, [builtFile('main', 'cli.js'), 'train', '--config', configPath, '--data-dir', dataDir, '--name', 'crashy', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const store = openRunStore(join(dataDir, 'workbench.sqlite'));
    let runId = '';
    try {
      runId = await waitFor(() => store.listRuns().runs[0]?.id, 60_000, 'the run to exist');
      // Wait until the first epoch's checkpoint is recorded and training has gone on past it.
      await waitFor(() => store.listCheckpoints(runId).length > 0, 120_000, 'a checkpoint');
      const checkpointStep = store.listCheckpoints(runId)[0]?.step ?? 0;
      await waitFor(() => store.getSeries(runId, TRAIN_KEYS.loss, { buckets: 100_000 }).points.some((p) => p.step > checkpointStep + 5), 60_000, 'steps after the checkpoint');
      expect(store.getRun(runId).status).toBe('running');
    } finally {
      store.close();
    }
    host.kill('SIGKILL');
    await new Promise((resolve) => host.once('exit', resolve));

    const services = openHost(dataDir);
    try {
      expect(services.interrupted).toEqual([runId]);
      expect(services.store.getRun(runId).status).toBe('interrupted');
      expect(services.store.integrityCheck()).toEqual(['ok']);
      services.runs.startRun(runId);
      const final = await services.runs.whenSettled(runId);
      expect(final.status).toBe('completed');
      expect(final.summary.epochsCompleted).toBe(4);
      const steps = seriesSteps(services, runId, TRAIN_KEYS.loss);
      expect(new Set(steps).size).toBe(steps.length);
      // Every step is logged, so no gap means 0, 1, 2, … up to the last step.
      expect(steps.every((step, i) => step === i)).toBe(true);
      expect(steps.at(-1)).toBe((final.summary.stepsCompleted ?? 0) - 1);
      expect(services.store.integrityCheck()).toEqual(['ok']);
    } finally {
      await services.close();
    }
  });
});
