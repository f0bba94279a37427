import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../../../src/shared/transport-protocol';
import { startInProcessHost, type InProcessHost } from '../../../helpers/in-process-host';

let host: InProcessHost;

beforeAll(async () => {
  host = await startInProcessHost();
});

afterAll(async () => {
  await host.close();
});

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket, predicate: (m: ServerMessage) => boolean = () => true): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (predicate(message)) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
  });
}

describe('headless host access', () => {
  it('binds to loopback and prints a URL with the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses page, asset and API requests without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/x.js']) {
      expect((await fetch(`${host.origin}${path}`)).status).toBe(401);
    }
    expect((await fetch(`${host.origin}/api/call/health`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${host.origin}/?token=wrong`)).status).toBe(401);
  });

  it('serves the page for the tokenised URL and remembers the token in an HttpOnly cookie', async () => {
    const first = await fetch(host.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await first.text()).toContain('VAE Workbench');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await fetch(`${host.origin}/index.html`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(asset.status).toBe(200);
  });

  it('answers API calls over HTTP with a bearer token, typed errors included', async () => {
    const auth = { authorization: `Bearer ${host.token}` };
    const ok = await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { app: 'vae-workbench', host: 'headless' } });
    const bad = await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: auth, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    await expect(openSocket({})).rejects.toThrow(/401/);
    await expect(openSocket({ cookie: `vwb_token_${host.port}=${host.token}`, origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('survives an Origin of null (sandboxed iframes, file:// pages) and refuses it, on both transports', async () => {
    await expect(openSocket({ origin: 'null' })).rejects.toThrow(/401/);
    await expect(openSocket({ cookie: `vwb_token_${host.port}=${host.token}`, origin: 'null' })).rejects.toThrow(/401/);
    const auth = { authorization: `Bearer ${host.token}` };
    expect((await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: { ...auth, origin: 'null' } })).status).toBe(403);
    // Still alive and answering.
    expect((await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: auth })).status).toBe(200);
  });

  it('refuses API calls from another origin even with the cookie (another local app on another port)', async () => {
    const cookie = `vwb_token_${host.port}=${host.token}`;
    const forged = await fetch(`${host.origin}/api/call/listRuns`, { method: 'POST', headers: { cookie, origin: 'http://127.0.0.1:1', 'content-type': 'text/plain' }, body: '{}' });
    expect(forged.status).toBe(403);
    const own = await fetch(`${host.origin}/api/call/listRuns`, { method: 'POST', headers: { cookie, origin: host.origin }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('serves calls and events over the WebSocket and survives malformed frames', async () => {
    const socket = await openSocket({ cookie: `vwb_token_${host.port}=${host.token}` });
    try {
      socket.send('not json');
      expect(await nextMessage(socket)).toMatchObject({ type: 'protocol-error' });
      socket.send(JSON.stringify({ type: 'invoke', id: 1, method: 'missing' }));
      expect(await nextMessage(socket)).toMatchObject({ type: 'result', id: 1, response: { ok: false, error: { code: 'BAD_REQUEST' } } });
      socket.send(JSON.stringify({ type: 'invoke', id: 2, method: 'health' }));
      expect(await nextMessage(socket)).toMatchObject({ type: 'result', id: 2, response: { ok: true, value: { app: 'vae-workbench' } } });

      socket.send(JSON.stringify({ type: 'subscribe', event: 'hostStatus' }));
      const event = await nextMessage(socket, (m) => m.type === 'event');
      expect(event).toMatchObject({ type: 'event', event: 'hostStatus' });
      if (event.type === 'event') expect((event.payload as { rssBytes: number }).rssBytes).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });
});
