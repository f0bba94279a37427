/**
 * Fuzzes a real headless host with FUZZ_MESSAGES (default 10,000) messages: raw HTTP requests
 * (unparsable targets, bad Host/Origin/cookies, broken bodies and framing), API calls with random
 * and mutated parameters, and WebSocket frames, valid and malformed (invalid UTF-8, RSV bits,
 * unmasked, reserved opcodes, bad close codes, lying lengths, fragments). The host must answer
 * health checks throughout and still be alive at the end. Prints one JSON summary.
 *
 *   npm run build && node scripts/hardening/fuzz-host.js [seed]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, random, rawExchange, startHost, statusOf, wsFrame, wsHandshake } from './host-process.js';

const total = Number(process.env.FUZZ_MESSAGES ?? 10_000);
const seed = Number(process.argv[2] ?? 1);
const rng = random(seed);

const API_METHODS = [
  'health', 'presets', 'validateConfig', 'listRuns', 'getRun', 'pauseRun', 'stopRun', 'deleteRun', 'setTags', 'renameRun',
  'setNotes', 'getSeries', 'getEvaluations', 'getSnapshot', 'getLogs', 'decode', 'compareRuns', 'exportRun', 'importRun',
  'datasetAvailability', 'listFigures', 'getFigure', 'deleteFigure', 'constructor', '__proto__', 'toString', '', 'nope',
];
/** Called only with junk: valid parameters would start training and turn the fuzz into a benchmark. */
const TRAINING_METHODS = ['createRun', 'startRun', 'resumeRun', 'evaluateRun'];

function junkValue(depth = 0) {
  switch (rng.int(depth > 3 ? 6 : 9)) {
    case 0: return null;
    case 1: return rng.next() * 10 ** rng.int(30) * (rng.next() < 0.5 ? -1 : 1);
    case 2: return rng.pick([0, -1, 2 ** 53, -(2 ** 63), 1e308, 'NaN', 'Infinity', true, false]);
    case 3: return rng.bytes(rng.int(40)).toString('latin1');
    case 4: return 'x'.repeat(rng.pick([0, 1, 255, 70_000]));
    case 5: return rng.pick(['', '../../etc/passwd', '%00', '\u0000', '\ud800', '<script>', "'; DROP TABLE runs; --"]);
    case 6: return Array.from({ length: rng.int(5) }, () => junkValue(depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: rng.int(5) }, () => [rng.pick(['id', 'runId', 'config', 'format', 'zs', 'key', '__proto__', 'constructor', 'tags']), junkValue(depth + 1)]));
    default: {
      let nested = {};
      for (let i = 0; i < rng.int(2000); i++) nested = { a: nested };
      return nested;
    }
  }
}

function mutatedParams(method, runId) {
  const real = { id: runId, runId, ids: [runId], format: 'csv', key: 'train/loss', zs: [[0, 0]], tags: ['a'], notes: 'n', name: 'x' };
  const params = {};
  for (const key of Object.keys(real)) if (rng.next() < 0.4) params[key] = rng.next() < 0.6 ? real[key] : junkValue(1);
  if (TRAINING_METHODS.includes(method)) delete params.id;
  return params;
}

function rawRequest(host) {
  const target = rng.pick([
    '/', '/index.html', '/api/call/health', '/api/ws', 'http://[', 'http://a:99999/', '/%', '/%zz', '/api/call/%E0%A4%A',
    '*', `/${'a'.repeat(9000)}`, '/../../etc/passwd', `/?token=${host.token}x`, `/?token=${host.token}`, '//x//y', '/api/call/',
    rng.bytes(12).toString('latin1').replace(/[\r\n ]/g, '_'),
  ]);
  const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'get', 'G\u0000T', 'CONNECT']);
  const hostHeader = rng.pick([`127.0.0.1:${host.port}`, `localhost:${host.port}`, `attacker.example:${host.port}`, '', `[::1]:${host.port}`, null]);
  const headers = [];
  if (hostHeader !== null) headers.push(`Host: ${hostHeader}`);
  if (rng.next() < 0.5) headers.push(`Authorization: Bearer ${rng.next() < 0.7 ? host.token : 'wrong'}`);
  if (rng.next() < 0.2) headers.push(`Cookie: vwb_token_${host.port}=${rng.pick(['%E0%A4%A', host.token, '%', ''])}`);
  if (rng.next() < 0.2) headers.push(`Origin: ${rng.pick(['null', 'http://evil.example', `http://127.0.0.1:${host.port}`, 'http://[', '::'])}`);
  if (rng.next() < 0.1) headers.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
  if (rng.next() < 0.05) headers.push(`X-Long: ${'h'.repeat(20_000)}`);
  const body = rng.pick([Buffer.alloc(0), Buffer.from('{not json'), Buffer.from(JSON.stringify(junkValue())), rng.bytes(rng.int(300))]);
  const framing = rng.int(4);
  if (framing === 0) headers.push(`Content-Length: ${body.length}`);
  if (framing === 1) headers.push(`Content-Length: ${body.length + 50}`);
  if (framing === 2) headers.push('Transfer-Encoding: chunked');
  if (rng.next() < 0.8) headers.push('Connection: close');
  const payload = framing === 2 ? Buffer.concat([Buffer.from(rng.pick(['zz\r\n', `${body.length.toString(16)}\r\n`])), body, Buffer.from('\r\n0\r\n\r\n')]) : body;
  const bytes = rng.next() < 0.05 ? rng.bytes(rng.int(500)) : Buffer.concat([Buffer.from(`${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
  return rawExchange(host.port, bytes, 400);
}

const MALFORMED = {
  'invalid-utf8': () => wsFrame(1, Buffer.from([0xff, 0xfe, 0xc3, 0x28])),
  rsv: () => wsFrame(1, Buffer.from('{}'), { rsv: 1 + rng.int(7) }),
  unmasked: () => wsFrame(1, Buffer.from('{}'), { mask: false }),
  'reserved-opcode': () => wsFrame(rng.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), Buffer.from('x')),
  'close-1005': () => wsFrame(8, Buffer.from([0x03, 0xed])),
  'close-bad-code': () => wsFrame(8, Buffer.from([0x00, rng.int(256)])),
  'close-one-byte': () => wsFrame(8, Buffer.from([0x03])),
  'continuation-first': () => wsFrame(0, Buffer.from('x')),
  'fragmented-control': () => wsFrame(9, Buffer.from('p'), { fin: false }),
  'oversized-control': () => wsFrame(9, Buffer.alloc(200)),
  'length-lies': () => wsFrame(1, Buffer.from('{}'), { lengthOverride: 2 ** 40 }),
  'random-bytes': () => rng.bytes(1 + rng.int(64)),
};

function validFrame(runId) {
  const kind = rng.int(6);
  if (kind === 0) return wsFrame(1, Buffer.from(JSON.stringify({ type: 'subscribe', event: rng.pick(['metrics', 'hostStatus', 'nope', 'runUpdated']) })));
  if (kind === 1) return wsFrame(2, rng.bytes(10));
  if (kind === 2) return wsFrame(1, Buffer.from(rng.pick(['not json', '[]', 'null', '{"type":"invoke"}', '{"type":"invoke","id":1.5}'])));
  if (kind === 3) return wsFrame(9, Buffer.from('ping'));
  const method = rng.pick([...API_METHODS, ...TRAINING_METHODS]);
  const params = TRAINING_METHODS.includes(method) ? junkValue(1) : rng.next() < 0.5 ? mutatedParams(method, runId) : junkValue();
  return wsFrame(1, Buffer.from(JSON.stringify({ type: 'invoke', id: rng.int(1e6), method, params })));
}

async function wsSession(host, runId, counts) {
  const frames = [];
  const n = 1 + rng.int(15);
  let malformed = null;
  for (let i = 0; i < n; i++) frames.push(validFrame(runId));
  if (rng.next() < 0.6) {
    malformed = rng.pick(Object.keys(MALFORMED));
    frames.push(MALFORMED[malformed]());
  } else {
    frames.push(wsFrame(8, Buffer.from([0x03, 0xe8]))); // a proper close: 1000
  }
  const reply = await rawExchange(host.port, Buffer.concat([Buffer.from(wsHandshake(host.port, host.token)), ...frames]), 600);
  counts.wsFrames += frames.length;
  if (malformed) counts.malformedFrames[malformed] = (counts.malformedFrames[malformed] ?? 0) + 1;
  return { messages: frames.length, status: statusOf(reply) };
}

function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vwb-fuzz-'));
  const host = await startHost(dataDir);
  const created = await callApi(host, 'createRun', { name: 'fuzz target', start: false, config: { data: { dataset: { source: 'embedded-mnist' } }, model: { hidden: [8], latentDim: 2 } } });
  const runId = created.body?.value?.id ?? 'no-run';
  const counts = { messages: 0, rawHttp: 0, apiCalls: 0, wsFrames: 0, malformedFrames: {}, status: {}, healthChecks: 0, healthFailures: 0, maxRssMiB: 0 };
  const note = (status) => (counts.status[status ?? 'no reply'] = (counts.status[status ?? 'no reply'] ?? 0) + 1);
  const started = Date.now();
  let nextHealth = 200;
  while (counts.messages < total && host.alive()) {
    const choice = rng.next();
    if (choice < 0.35) {
      note(statusOf(await rawRequest(host)));
      counts.rawHttp++;
      counts.messages++;
    } else if (choice < 0.65) {
      const method = rng.pick([...API_METHODS, ...TRAINING_METHODS, 'x'.repeat(300), '%E0%A4%A', 'health/../listRuns']);
      const params = TRAINING_METHODS.includes(method) ? junkValue(1) : rng.next() < 0.5 ? mutatedParams(method, runId) : junkValue();
      try {
        note((await callApi(host, encodeURIComponent(method).replace(/%25/g, '%'), params)).status);
      } catch {
        note(null);
      }
      counts.apiCalls++;
      counts.messages++;
    } else {
      const session = await wsSession(host, runId, counts);
      note(session.status);
      counts.messages += session.messages;
    }
    if (counts.messages >= nextHealth) {
      nextHealth += 200;
      counts.healthChecks++;
      counts.maxRssMiB = Math.max(counts.maxRssMiB, rssMiB(host.child.pid) ?? 0);
      const health = await callApi(host, 'health').catch(() => ({ status: 0 }));
      if (health.status !== 200) counts.healthFailures++;
    }
  }
  const finalHealth = await callApi(host, 'health').catch(() => ({ status: 0 }));
  const summary = {
    seed,
    ...counts,
    malformedFrameTotal: Object.values(counts.malformedFrames).reduce((a, b) => a + b, 0),
    seconds: Math.round((Date.now() - started) / 1000),
    hostAlive: host.alive(),
    finalHealthStatus: finalHealth.status,
    hostOutputTail: host.alive() ? undefined : host.output().slice(-2000),
  };
  if (host.alive()) {
    host.child.kill('SIGTERM');
    await new Promise((resolve) => host.child.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(summary, null, 1)}\n`);
  process.exitCode = summary.hostAlive && summary.finalHealthStatus === 200 && summary.healthFailures === 0 ? 0 : 1;
}

await main();
