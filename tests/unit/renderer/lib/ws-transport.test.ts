/**
 * The browser's WebSocket transport against a real headless host, through a TCP proxy the test can
 * cut or make refuse connections. Node has no global WebSocket, so the `ws` package's stands in.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createApiClient, type ApiTransport } from '../../../../src/shared/api-client';
import type { Unsubscribe, WorkbenchApi } from '../../../../src/shared/api';
import type { RunRecord } from '../../../../src/shared/runs';
import { repoRoot } from '../../../helpers/built-app';
import { startInProcessHost, type InProcessHost } from '../../../helpers/in-process-host';

type ConnectionState = 'connecting' | 'open' | 'closed';
interface BrowserTransport extends ApiTransport {
  onConnectionState(listener: (state: ConnectionState, reconnected: boolean) => void): Unsubscribe;
}

// The renderer module is loaded by path at run time: this test is type-checked with the Node side,
// which may not include renderer files, so its surface is restated above.
const transportModule: string = join(repoRoot, 'src', 'renderer', 'src', 'lib', 'ws-transport.ts');
const { WebSocketTransport } = (await import(/* @vite-ignore */ transportModule)) as {
  WebSocketTransport: new (url: string) => BrowserTransport;
};

/** `ws`'s WebSocket throws an unheard 'error'; a browser's does not, so listen to it here. */
class BrowserLikeWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => {});
  }
}

/** Never opens nor closes: parks the transports' reconnect loops when the suite ends. */
class InertWebSocket {
  static readonly OPEN = 1;
  readonly readyState = 0;
  addEventListener(): void {}
  send(): void {}
}

interface Proxy {
  port: number;
  /** Whether new connections reach the host (false: closed at once, as if the host were down). */
  accepting: boolean;
  /** Drops every open connection. */
  cut(): void;
  close(): Promise<void>;
}

async function startProxy(targetPort: number): Promise<Proxy> {
  const open = new Set<Socket>();
  const proxy = { accepting: true } as Proxy;
  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (!proxy.accepting) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.on('error', () => {});
    // Like a reverse proxy that keeps the original Host, name the host's own port: the host refuses
    // a Host header it is not bound to (DNS rebinding).
    client.once('data', (first: Buffer) => {
      upstream.write(first.toString('latin1').replace(/^Host: 127\.0\.0\.1:\d+/im, `Host: 127.0.0.1:${targetPort}`), 'latin1');
      client.pipe(upstream);
    });
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as { port: number }).port;
  proxy.cut = () => {
    for (const socket of open) socket.destroy();
  };
  proxy.close = () => {
    proxy.cut();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

let host: InProcessHost;
let proxy: Proxy;

beforeAll(async () => {
  host = await startInProcessHost();
  proxy = await startProxy(host.port);
  vi.stubGlobal('WebSocket', BrowserLikeWebSocket);
});

afterAll(async () => {
  vi.stubGlobal('WebSocket', InertWebSocket);
  await proxy.close();
  vi.unstubAllGlobals();
  await host.close();
});

function connectTransport(): { transport: BrowserTransport; api: WorkbenchApi; states: [ConnectionState, boolean][] } {
  const transport = new WebSocketTransport(`ws://127.0.0.1:${proxy.port}/api/ws?token=${host.token}`);
  const states: [ConnectionState, boolean][] = [];
  transport.onConnectionState((state, reconnected) => states.push([state, reconnected]));
  return { transport, api: createApiClient(transport), states };
}

async function runNames(): Promise<string[]> {
  return (await host.services.handlers.listRuns({})).runs.map((run) => run.name);
}

describe('WebSocketTransport across a lost connection', () => {
  it('never sends a call that already failed, but sends the calls made after the failure', async () => {
    proxy.accepting = false;
    const { api, states } = connectTransport();
    // Queued while connecting; the connection attempt fails, so the call fails.
    const failed = api.createRun({ name: 'failed while offline', preset: 'mnist-2d', config: { data: { dataset: { source: 'embedded-mnist' } } }, start: false });
    await expect(failed).rejects.toThrow('connection to the workbench host was lost');

    // Made after the failure, before the next attempt: queued, and sent once connected.
    proxy.accepting = true;
    const later = api.createRun({ name: 'made while reconnecting', preset: 'mnist-2d', config: { data: { dataset: { source: 'embedded-mnist' } } }, start: false });
    await expect(later).resolves.toMatchObject({ name: 'made while reconnecting' });
    await api.listRuns({});

    expect(await runNames()).toEqual(['made while reconnecting']);
    expect(states).toContainEqual(['open', true]);
  });

  it('reports an open after a close as reconnected, and keeps the subscriptions', async () => {
    const { api, states } = connectTransport();
    const updated: RunRecord[] = [];
    api.onRunUpdated((run) => updated.push(run));
    await vi.waitFor(() => expect(states).toContainEqual(['open', false]));
    // ('connecting' came from the constructor, before the listener was added.)
    expect(states).toEqual([['open', false]]);

    proxy.cut();
    await vi.waitFor(() => expect(states).toContainEqual(['open', true]));
    expect(states.slice(1)).toEqual([
      ['closed', false],
      ['connecting', false],
      ['open', true],
    ]);

    const run = await host.services.handlers.createRun({ name: 'after the reconnect', preset: 'mnist-2d', config: { data: { dataset: { source: 'embedded-mnist' } } }, start: false });
    await host.services.handlers.setTags({ id: run.id, tags: ['seen'] });
    await vi.waitFor(() => expect(updated.map((record) => record.tags)).toContainEqual(['seen']));
  });
});
