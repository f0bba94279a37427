/**
 * The host services for CLI commands that work on the store without serving HTTP (train, runs,
 * export, import, resume). They share the data folder, and so the history, with `serve` and the app.
 */
import { join } from 'node:path';
import { defaultDataDir } from '../core/data-dir';
import { createHostServices, type HostServices } from '../core/host-services';
import { findPackageRoot } from '../core/package-root';
import { forkWorkerLauncher } from '../core/worker-host/fork-worker';

/**
 * `trains`: the command runs training (train, resume); read-only commands must not recover runs.
 * `writes`: it changes the store without training (import), so a read-only folder is refused up front.
 */
export function openCliHost(dataDir: string | undefined, trains: boolean, writes = trains): HostServices {
  return createHostServices({
    trains,
    writes,
    host: 'headless',
    dataDir: dataDir ?? defaultDataDir(),
    launcher: forkWorkerLauncher(join(findPackageRoot(), 'out', 'main', 'worker.js')),
  });
}
