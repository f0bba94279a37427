import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { METHOD_NAMES } from '../../../../src/shared/api';
import { Random } from '../../../../src/worker/random';
import { startInProcessHost, type InProcessHost } from '../../../helpers/in-process-host';

let host: InProcessHost;

beforeAll(async () => {
  host = await startInProcessHost();
});
afterAll(async () => {
  await host.close();
});

/** Values that break naive handlers: wrong types, huge numbers, prototype keys, deep nesting. */
function garbage(rng: Random, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => rng.next() * 1e308 * (rng.next() < 0.5 ? -1 : 1),
    () => -1,
    () => 1.5,
    () => '',
    () => 'x'.repeat(rng.int(300)),
    () => '../../etc/passwd',
    () => ({ __proto__: { polluted: true } }),
    () => JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
    () => [],
    () => true,
    () => (depth < 3 ? Array.from({ length: rng.int(4) }, () => garbage(rng, depth + 1)) : 0),
    () => (depth < 3 ? Object.fromEntries(['id', 'runId', 'config', 'zs', 'keys', 'tags', 'format', 'ids', 'epoch', 'base64'].filter(() => rng.next() < 0.5).map((k) => [k, garbage(rng, depth + 1)])) : {}),
  ];
  return (choices[rng.int(choices.length)] as () => unknown)();
}

describe('1,000 malformed API payloads', () => {
  it('are all answered with typed errors over the WebSocket while the host keeps answering', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws`, { headers: { cookie: `vwb_token_${host.port}=${host.token}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const answers = new Map<number, { ok: boolean; error?: { code: string } }>();
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; response?: { ok: boolean; error?: { code: string } } };
      if (message.type === 'result' && message.id !== undefined && message.response) answers.set(message.id, message.response);
    });
    const rng = new Random(2024);
    // Methods that create or change state get payloads that can never validate; the rest get anything.
    const mutating = new Set(['createRun', 'startRun', 'importRun', 'deleteRun', 'setTags', 'setNotes', 'renameRun', 'createSweep', 'runDoctor', 'evaluateRun', 'gradientLab', 'saveFigure', 'deleteFigure']);
    for (let id = 1; id <= 1000; id++) {
      const method = rng.next() < 0.1 ? `no_such_${id}` : (METHOD_NAMES[rng.int(METHOD_NAMES.length)] as string);
      let params = garbage(rng);
      if (mutating.has(method)) params = { ...(typeof params === 'object' && params !== null ? params : {}), unexpectedField: id };
      if (method === 'health' || method === 'presets' || method === 'listRuns' || method === 'listFigures' || method === 'datasetAvailability' || method === 'listExperiments') params = { bogus: id };
      socket.send(JSON.stringify({ type: 'invoke', id, method, params }));
    }
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`only ${answers.size} of 1000 answered`)), 30_000);
      const check = setInterval(() => {
        if (answers.size === 1000) {
          clearTimeout(deadline);
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const codes = new Set([...answers.values()].map((answer) => (answer.ok ? 'ok' : answer.error?.code)));
    expect([...answers.values()].every((answer) => !answer.ok)).toBe(true);
    expect([...codes].every((code) => code === 'BAD_REQUEST' || code === 'NOT_FOUND')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Still answering, over both transports.
    socket.send(JSON.stringify({ type: 'invoke', id: 5000, method: 'health' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answers.get(5000)?.ok).toBe(true);
    socket.close();
    const http = await fetch(`${host.origin}/api/call/listRuns`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } });
    expect(http.status).toBe(200);
  });
});
