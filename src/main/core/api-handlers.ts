/**
 * The handler table behind every transport: each WorkbenchApi method, implemented over the run
 * service (lifecycles) and the run store (history). Payloads arrive already validated by the dispatcher.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportedFile, HealthInfo, RunDetail } from '../../shared/api';
import { PRESET_NAMES, PRESETS, validateRunConfig } from '../../shared/config';
import { WorkbenchError } from '../../shared/errors';
import { DEFAULT_GRADIENT_POINTS, DEFAULT_GRADIENT_REPLICATES, DEFAULT_GRADIENT_SAMPLES } from '../../shared/gradient-lab';
import type { RunRecord } from '../../shared/runs';
import { datasetChoices, httpProbe, type UrlProbe } from './datasets/dataset-availability';
import { requireDatasetAvailable } from './datasets/require-dataset';
import type { EventHub } from './event-hub';
import type { ApiHandlers } from './api-dispatcher';
import { epochSnapshotPayload, gridPayload, SNAPSHOT_KINDS } from './runs/snapshot-codec';
import type { RunService } from './runs/run-service';
import { storedEvaluations } from './runs/stored-evaluations';
import { createExperimentHandlers } from './experiments/experiment-handlers';
import type { ExperimentService } from './experiments/experiment-service';
import { createFigureHandlers } from './figures/figure-handlers';
import type { RunStore } from './store/run-store';

export interface HandlerDeps {
  service: RunService;
  store: RunStore;
  experiments: ExperimentService;
  events: EventHub;
  checkpointsRoot: string;
  health: () => HealthInfo;
  /** How createRun and datasetAvailability judge whether a download can happen (a HEAD request by default). */
  datasetProbe?: UrlProbe;
}

/** A file-system-safe stem from a run's name. */
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'run';
}

export function createApiHandlers({ service, store, experiments, events, checkpointsRoot, health, datasetProbe = httpProbe() }: HandlerDeps): ApiHandlers {
  /** Every window sees an edit made in another one. */
  const published = (run: RunRecord): RunRecord => {
    events.emit('runUpdated', run);
    return run;
  };
  const snapshotEpochs = (runId: string) =>
    [...new Set(store.listSnapshots(runId, SNAPSHOT_KINDS.latent).map((info) => info.epoch))].sort((a, b) => a - b);

  return {
    health: async () => health(),

    presets: async () => PRESET_NAMES.map((name) => PRESETS[name]),

    validateConfig: async ({ config }) => validateRunConfig(config),

    listRuns: async (query) => store.listRuns(query ?? {}),

    getRun: async ({ id }): Promise<RunDetail> => ({
      run: store.getRun(id),
      checkpoints: store.listCheckpoints(id),
      metricKeys: store.listMetricKeys(id),
      snapshotEpochs: snapshotEpochs(id),
      progress: service.progressOf(id),
    }),

    createRun: async ({ parentRunId, ...params }) => {
      await requireDatasetAvailable(params, service.cacheDir, datasetProbe);
      if (parentRunId !== undefined) store.getRun(parentRunId);
      const run = service.createRun(params);
      if (parentRunId !== undefined) store.experiments.setParent(run.id, parentRunId);
      return run;
    },
    datasetAvailability: async () => datasetChoices(service.cacheDir, datasetProbe),
    startRun: async ({ id }) => service.startRun(id),
    pauseRun: async ({ id }) => service.pauseRun(id),
    resumeRun: async ({ id }) => service.resumeRun(id),
    stopRun: async ({ id }) => service.stopRun(id),

    deleteRun: async ({ id }) => {
      await service.deleteRun(id);
      return { id, deleted: true };
    },

    setTags: async ({ id, tags }) => published(store.setTags(id, tags)),
    setNotes: async ({ id, notes }) => published(store.setNotes(id, notes)),
    renameRun: async ({ id, name }) => published(store.renameRun(id, name)),

    getSeries: async ({ runId, keys, ...query }) => keys.map((key) => store.getSeries(runId, key, query)),

    getEvaluations: async ({ runId }) => storedEvaluations(store, runId, SNAPSHOT_KINDS.evaluation),
    getTestEvaluations: async ({ runId }) => storedEvaluations(store, runId, SNAPSHOT_KINDS.testEvaluation),
    evaluateRun: async ({ id, split, iwaeK, points }) => service.evaluate(id, { split: split ?? 'test', iwaeK: iwaeK ?? 5000, points: points ?? 0 }),
    gradientLab: async ({ id, samples, replicates, points }) =>
      service.gradientLab(id, {
        samples: samples ? [...new Set(samples)].sort((a, b) => a - b) : [...DEFAULT_GRADIENT_SAMPLES],
        replicates: replicates ?? DEFAULT_GRADIENT_REPLICATES,
        points: points ?? DEFAULT_GRADIENT_POINTS,
      }),

    getSnapshot: async ({ runId, epoch }) => {
      const epochs = snapshotEpochs(runId);
      const chosen = epoch ?? epochs.at(-1);
      if (chosen === undefined || !epochs.includes(chosen)) {
        const run = store.getRun(runId);
        throw new WorkbenchError({
          code: 'NOT_FOUND',
          message: epochs.length === 0 ? `run "${run.name}" has no snapshot yet (one is taken after each epoch)` : `run "${run.name}" has no snapshot for epoch ${chosen}; it has epochs ${epochs.join(', ')}`,
        });
      }
      const stored = store.listSnapshots(runId).filter((info) => info.epoch === chosen && info.kind !== SNAPSHOT_KINDS.evaluation && info.kind !== SNAPSHOT_KINDS.testEvaluation);
      return epochSnapshotPayload(runId, chosen, stored.map((info) => store.getSnapshot(runId, info.kind, chosen)));
    },

    getLogs: async ({ runId, afterId, limit }) => store.getLogs(runId, { ...(afterId !== undefined ? { afterId } : {}), ...(limit !== undefined ? { limit } : {}) }),

    decode: async ({ runId, zs, epoch, progressId }) => {
      const onProgress = progressId === undefined ? undefined : (fraction: number) => events.emit('decodeProgress', { runId, progressId, fraction });
      return gridPayload(await service.decode(runId, zs, epoch, onProgress));
    },

    compareRuns: async ({ ids }) => store.compareRuns(ids),

    exportRun: async ({ id, format }): Promise<ExportedFile> => {
      const run = store.getRun(id);
      const stem = fileStem(run.name);
      switch (format) {
        case 'csv':
          return { filename: `${stem}.metrics.csv`, mediaType: 'text/csv', text: store.exportMetricsCsv(id) };
        case 'json':
          return { filename: `${stem}.json`, mediaType: 'application/json', text: JSON.stringify(store.exportRunJson(id), null, 2) };
        case 'bundle': {
          const folder = mkdtempSync(join(tmpdir(), 'vwb-export-'));
          try {
            const path = join(folder, `${stem}.vaebundle`);
            await store.exportBundle(id, path, { checkpointDir: checkpointsRoot });
            return { filename: `${stem}.vaebundle`, mediaType: 'application/octet-stream', base64: readFileSync(path).toString('base64') };
          } finally {
            rmSync(folder, { recursive: true, force: true });
          }
        }
      }
    },

    importRun: async ({ filename, base64 }) => {
      const folder = mkdtempSync(join(tmpdir(), 'vwb-import-'));
      try {
        const path = join(folder, fileStem(filename));
        writeFileSync(path, Buffer.from(base64, 'base64'));
        return await store.importBundle(path, { checkpointDir: checkpointsRoot });
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },

    ...createFigureHandlers(store, (runId, zs, epoch) => service.decode(runId, zs, epoch)),
    ...createExperimentHandlers(store, experiments),
  };
}
