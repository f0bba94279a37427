/**
 * The services one host (Electron or headless) runs: the run store, the run service, the handler
 * table, the event hub and the periodic host status. Transports attach to `handlers` and `events`;
 * nothing here knows them. The host supplies the way worker processes are started.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HealthInfo, HostKind } from '../../shared/api';
import { HOST_STATUS_INTERVAL_MS } from '../../shared/events';
import type { ApiHandlers } from './api-dispatcher';
import { createApiHandlers } from './api-handlers';
import type { UrlProbe } from './datasets/dataset-availability';
import { appInfo } from './app-info';
import { EventHub } from './event-hub';
import { ExperimentService } from './experiments/experiment-service';
import { HostRegistry } from './host-registry';
import { RunService } from './runs/run-service';
import { openRunStore, type RunStore } from './store/run-store';
import type { WorkerLauncher } from './worker-host/worker-process';

export interface HostOptions {
  host: HostKind;
  dataDir: string;
  launcher: WorkerLauncher;
  /** Electron's version when running inside Electron. */
  electronVersion?: string | null;
  /** An Electron-ABI build of better-sqlite3 (see scripts/lib/electron-sqlite.js); Node uses its own. */
  sqliteNativeBinding?: string;
  /** Whether a dataset's server answers (tests inject one); a HEAD request by default. */
  datasetProbe?: UrlProbe;
  /** Runs training at once; the rest wait in the queue. */
  concurrency?: number;
  /**
   * Whether this process trains runs (the app, `serve`, CLI `train`/`resume`): it then registers as a
   * host and, when no other host is alive on the folder, marks runs a dead host left training as
   * 'interrupted'. Read-only commands (runs, export, import) pass false and change nothing.
   */
  trains?: boolean;
  /**
   * Whether it writes to the store without training (import). Defaults to `trains`; a process that
   * neither trains nor writes may open a read-only data folder (a read-only copy of the database).
   */
  writes?: boolean;
}

export interface HostServices {
  handlers: ApiHandlers;
  events: EventHub;
  store: RunStore;
  runs: RunService;
  experiments: ExperimentService;
  /** Runs found 'running' from a host that died, now 'interrupted'. */
  interrupted: string[];
  close(): Promise<void>;
}

export const DATABASE_FILE = 'workbench.sqlite';

export function createHostServices(input: HostOptions): HostServices {
  // Stored checkpoint paths are relative to this folder: it must not depend on the working directory.
  const options = { ...input, dataDir: resolve(input.dataDir) };
  mkdirSync(options.dataDir, { recursive: true });
  const checkpointsRoot = join(options.dataDir, 'checkpoints');
  const events = new EventHub();
  // A process that only reads (runs, export) can still show a read-only folder's runs.
  const store = openRunStore(join(options.dataDir, DATABASE_FILE), {
    allowReadOnly: !(input.writes ?? input.trains ?? true),
    ...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}),
  });
  const runs = new RunService({
    store,
    events,
    launcher: options.launcher,
    dataDir: options.dataDir,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  const experiments = new ExperimentService(store, runs);
  const registry = new HostRegistry(options.dataDir);
  const trains = options.trains ?? true;
  if (trains) registry.register(options.host);
  const interrupted = trains && registry.otherLiveHosts().length === 0 ? runs.recoverInterrupted().map((run) => run.id) : [];
  const startedAt = Date.now();
  const uptimeSeconds = () => (Date.now() - startedAt) / 1000;

  const health = (): HealthInfo => ({
    app: 'vae-workbench',
    version: appInfo().version,
    host: options.host,
    node: process.versions.node,
    electron: options.electronVersion ?? null,
    platform: `${process.platform}-${process.arch}`,
    dataDir: options.dataDir,
    uptimeSeconds: uptimeSeconds(),
  });

  const statusTimer = setInterval(() => {
    const counts = runs.counts();
    events.emit('hostStatus', {
      uptimeSeconds: uptimeSeconds(),
      rssBytes: process.memoryUsage.rss(),
      at: Date.now(),
      activeRuns: counts.active,
      queuedRuns: counts.queued,
    });
  }, HOST_STATUS_INTERVAL_MS);
  statusTimer.unref();

  return {
    handlers: createApiHandlers({ service: runs, store, experiments, events, checkpointsRoot, health, ...(options.datasetProbe ? { datasetProbe: options.datasetProbe } : {}) }),
    events,
    store,
    runs,
    experiments,
    interrupted,
    close: async () => {
      clearInterval(statusTimer);
      await runs.close();
      store.close();
      if (trains) registry.unregister();
    },
  };
}
