/**
 * Requests and frames that used to kill the headless host (and every training worker with it),
 * sent as raw bytes to a real host process. After each, the host must still be alive and answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { closeCodeOf, rawExchange, spawnHost, statusOf, wsFrame, wsHandshake, type SpawnedHost } from '../../../helpers/spawned-host';

let host: SpawnedHost;

beforeAll(async () => {
  host = await spawnHost();
});

afterAll(async () => {
  await host.stop();
});

async function expectHealthy(): Promise<void> {
  expect(host.alive(), `host died:\n${host.output()}`).toBe(true);
  const health = await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } });
  expect(health.status).toBe(200);
}

const hostHeader = () => `Host: 127.0.0.1:${host.port}`;

describe('request lines new URL() rejects, sent without a token', () => {
  for (const target of ['http://[', 'http://a:99999/']) {
    it(`answers 400 to "GET ${target}" and stays up`, async () => {
      const reply = await rawExchange(host.port, `GET ${target} HTTP/1.1\r\n${hostHeader()}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(reply)).toBe(400);
      await expectHealthy();
    });

    it(`refuses an upgrade to "${target}" and stays up`, async () => {
      const reply = await rawExchange(host.port, `GET ${target} HTTP/1.1\r\n${hostHeader()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      expect(statusOf(reply)).toBe(400);
      await expectHealthy();
    });
  }

  it('treats a malformed token cookie as no credential', async () => {
    const reply = await rawExchange(host.port, `GET / HTTP/1.1\r\n${hostHeader()}\r\nCookie: vwb_token_${host.port}=%E0%A4%A\r\nConnection: close\r\n\r\n`);
    expect(statusOf(reply)).toBe(401);
    await expectHealthy();
  });
});

describe('malformed WebSocket frames from a connected client', () => {
  const cases: { name: string; frame: () => Buffer; code: number }[] = [
    { name: 'invalid UTF-8 in a text frame', frame: () => wsFrame(1, Buffer.from([0xff, 0xfe, 0xfd])), code: 1007 },
    { name: 'RSV1 set without compression', frame: () => wsFrame(1, Buffer.from('{}'), { rsv: 0b100 }), code: 1002 },
    { name: 'an unmasked frame', frame: () => wsFrame(1, Buffer.from('{}'), { mask: false }), code: 1002 },
    { name: 'opcode 3', frame: () => wsFrame(3, Buffer.from('x')), code: 1002 },
    { name: 'close code 1005', frame: () => wsFrame(8, Buffer.from([0x03, 0xed])), code: 1002 },
  ];

  for (const { name, frame, code } of cases) {
    it(`closes that client with ${code} on ${name}; the host and other clients go on`, async () => {
      const bystander = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws`, { headers: { authorization: `Bearer ${host.token}` } });
      await new Promise((resolve, reject) => {
        bystander.once('open', resolve);
        bystander.once('error', reject);
      });
      try {
        const reply = await rawExchange(host.port, Buffer.concat([Buffer.from(wsHandshake(host.port, host.token)), frame()]));
        expect(statusOf(reply)).toBe(101);
        expect(closeCodeOf(reply)).toBe(code);
        await expectHealthy();
        const answer = new Promise<string>((resolve) => bystander.once('message', (data: Buffer) => resolve(data.toString())));
        bystander.send(JSON.stringify({ type: 'invoke', id: 1, method: 'health' }));
        expect(JSON.parse(await answer)).toMatchObject({ type: 'result', id: 1, response: { ok: true } });
      } finally {
        bystander.close();
      }
    });
  }
});

describe('bad input that is the client\'s fault answers 4xx', () => {
  it('refuses a huge body for a call that takes small parameters instead of buffering it', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(20 * 2 ** 20) });
    const response = await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/request body exceeds 16777216 bytes/) } });
    await expectHealthy();
  });

  it('answers 400, not 500, to a bad percent-encoding in the method path', async () => {
    const response = await fetch(`${host.origin}/api/call/%E0%A4%A`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('DNS rebinding', () => {
  it('refuses a Host header that names another site, even with the token', async () => {
    const reply = await rawExchange(host.port, `POST /api/call/health HTTP/1.1\r\nHost: attacker.example:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(statusOf(reply)).toBe(421);
    await expectHealthy();
  });

  it('compares Origin with the bound address, not with the request\'s own Host', async () => {
    // A rebinding page sends matching Host and Origin for its own name; the Host check catches it,
    // and an Origin naming another site is refused even when Host is ours.
    const reply = await rawExchange(
      host.port,
      `POST /api/call/health HTTP/1.1\r\n${hostHeader()}\r\nOrigin: http://attacker.example:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(reply)).toBe(403);
    const own = await fetch(`${host.origin}/api/call/health`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, origin: `http://localhost:${host.port}` } });
    expect(own.status).toBe(200);
  });

  it('marks the token cookie Secure when a TLS proxy forwards the request', async () => {
    const proxied = await fetch(host.url, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('set-cookie')).toContain('Secure');
    const direct = await fetch(host.url);
    expect(direct.headers.get('set-cookie')).not.toContain('Secure');
  });
});
