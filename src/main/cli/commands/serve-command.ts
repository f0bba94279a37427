/** `vae-workbench serve`: the headless host, until SIGINT/SIGTERM. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir, DATA_DIR_ENV } from '../../core/data-dir';
import { createHostServices } from '../../core/host-services';
import { forkWorkerLauncher } from '../../core/worker-host/fork-worker';
import { findPackageRoot } from '../../core/package-root';
import { CliUsageError } from '../cli-usage-error';
import { startHeadlessHost } from '../../server/http-host';
import { isLoopbackAddress } from '../../server/allowed-hosts';

/** Plain HTTP off loopback: the token (and so the whole workbench) can be read by anyone on the path. */
function exposedWarning(host: string, port: number): string {
  return (
    `Warning: bound to ${host}, so other machines can reach this host over plain HTTP: the access token travels ` +
    'in clear text on the network, and anyone who sees it can use the workbench.\n' +
    `Safer: keep the default --host 127.0.0.1 and reach it through an SSH tunnel (ssh -L ${port}:127.0.0.1:${port} you@this-machine), ` +
    'or put an HTTPS proxy in front (the token cookie is then marked Secure).\n'
  );
}


export const SERVE_HELP = `vae-workbench serve [--port N] [--host H] [--data-dir D] [--concurrency N]
  --port N       Port to listen on (default 5183; 0 picks a free one)
  --host H       Interface to bind (default 127.0.0.1; anything else exposes the workbench to your network)
  --data-dir D   Where runs are stored (default $${DATA_DIR_ENV} or ~/.local/share/vae-workbench)
  --concurrency N  Runs that train at the same time (default 1; the rest wait in the queue)`;

export const DEFAULT_PORT = 5183;

export interface ServeArgs {
  port?: string | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  concurrency?: string | undefined;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliUsageError(`--port must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

export async function runServeCommand(args: ServeArgs): Promise<number> {
  const port = parsePort(args.port);
  const host = args.host ?? '127.0.0.1';
  const dataDir = args.dataDir ?? defaultDataDir();
  const concurrency = args.concurrency === undefined ? 1 : Number(args.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new CliUsageError(`--concurrency must be a whole number from 1 to 64, got "${args.concurrency}"`);
  }
  mkdirSync(dataDir, { recursive: true });

  const root = findPackageRoot();
  const services = createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(join(root, 'out', 'main', 'worker.js')), concurrency });
  if (services.interrupted.length > 0) {
    process.stdout.write(`${services.interrupted.length} run(s) were training when the host last stopped; they are marked interrupted and can continue from their last checkpoint.\n`);
  }
  let server;
  try {
    server = await startHeadlessHost({
      handlers: services.handlers,
      events: services.events,
      rendererDir: join(root, 'out', 'renderer'),
      port,
      host,
    });
  } catch (error) {
    await services.close();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new CliUsageError(`port ${port} on ${host} is already in use; pass --port N (or --port 0 for any free port)`);
    }
    throw error;
  }
  process.stdout.write(`VAE Workbench is running. Open ${server.url}\n`);
  if (!isLoopbackAddress(host)) process.stdout.write(exposedWarning(host, server.port));
  process.stdout.write(`Data: ${dataDir}  (Ctrl+C to stop)\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await services.close();
  return 0;
}
