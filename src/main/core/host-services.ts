/**
 * The services one host (Electron or headless) runs: the handler table, the event hub and the
 * periodic host status. Transports attach to `handlers` and `events`; nothing here knows them.
 */
import { HOST_STATUS_INTERVAL_MS } from '../../shared/events';
import type { HostKind } from '../../shared/api';
import type { ApiHandlers } from './api-dispatcher';
import { appInfo } from './app-info';
import { EventHub } from './event-hub';

export interface HostOptions {
  host: HostKind;
  dataDir: string;
  /** Electron's version when running inside Electron. */
  electronVersion?: string | null;
}

export interface HostServices {
  handlers: ApiHandlers;
  events: EventHub;
  close(): Promise<void>;
}

export function createHostServices(options: HostOptions): HostServices {
  const events = new EventHub();
  const startedAt = Date.now();
  const uptimeSeconds = () => (Date.now() - startedAt) / 1000;

  const handlers: ApiHandlers = {
    health: async () => ({
      app: 'vae-workbench',
      version: appInfo().version,
      host: options.host,
      node: process.versions.node,
      electron: options.electronVersion ?? null,
      platform: `${process.platform}-${process.arch}`,
      dataDir: options.dataDir,
      uptimeSeconds: uptimeSeconds(),
    }),
  };

  const statusTimer = setInterval(() => {
    events.emit('hostStatus', { uptimeSeconds: uptimeSeconds(), rssBytes: process.memoryUsage.rss(), at: Date.now() });
  }, HOST_STATUS_INTERVAL_MS);
  statusTimer.unref();

  return {
    handlers,
    events,
    close: async () => {
      clearInterval(statusTimer);
    },
  };
}
