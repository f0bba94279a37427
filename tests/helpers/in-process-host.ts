/**
 * The headless host (HTTP + WebSocket) inside the test's own process, on a free loopback port, with
 * its services in a fresh data folder and a one-line index.html for a renderer. For tests of the
 * transport; a test that must see whether the host process survives uses spawned-host.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostServices, type HostServices } from '../../src/main/core/host-services';
import { forkWorkerLauncher } from '../../src/main/core/worker-host/fork-worker';
import { startHeadlessHost, type HeadlessHost } from '../../src/main/server/http-host';
import { builtFile } from './built-app';

export interface InProcessHost extends HeadlessHost {
  services: HostServices;
}

/** Starts the services and the host; `close` stops the host, then the services and their workers. */
export async function startInProcessHost(): Promise<InProcessHost> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'vwb-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>VAE Workbench</title>');
  const dataDir = mkdtempSync(join(tmpdir(), 'vwb-data-'));
  const services = createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(builtFile('main', 'worker.js')) });
  const host = await startHeadlessHost({ handlers: services.handlers, events: services.events, rendererDir, port: 0, host: '127.0.0.1' });
  return {
    ...host,
    services,
    close: async () => {
      await host.close();
      await services.close();
    },
  };
}
