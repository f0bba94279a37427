/**
 * The built headless host as a child process, for the hardening scripts (fuzz, kill loop): start
 * it on a free port, read its URL, call the API, and send raw bytes the way a hostile client would.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * A copy of the build that a rebuild of the checkout (electron-vite empties out/ first) cannot pull
 * from under a long run: out/, resources/ and package.json copied, node_modules linked.
 */
export function snapshotBuild() {
  const root = mkdtempSync(join(tmpdir(), 'vwb-build-'));
  for (const entry of ['out', 'resources', 'package.json']) cpSync(join(repoRoot, entry), join(root, entry), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** Starts `vae-workbench serve --port 0` from `buildRoot`; resolves once it prints its URL. */
export function startHost(dataDir, extraArgs = [], buildRoot = repoRoot) {
  const child = spawn(process.execPath, [join(buildRoot, 'out', 'main', 'cli.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host printed no URL in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const match = /Open (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const url = new URL(match[1]);
      resolve({
        child,
        origin: url.origin,
        port: Number(url.port),
        token: url.searchParams.get('token') ?? '',
        output: () => output,
        alive: () => child.exitCode === null && child.signalCode === null,
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`host exited (${code ?? signal}) before printing its URL:\n${output}`)));
  });
}

/** POST /api/call/<method>; resolves to { status, body } (body parsed when JSON). */
export async function callApi(host, method, params, headers = {}) {
  const response = await fetch(`${host.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, ...headers },
    body: params === undefined ? undefined : JSON.stringify(params),
  });
  const text = await response.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, body };
}

/** Writes bytes, collects the reply until the server closes or `waitMs` passes. */
export function rawExchange(port, bytes, waitMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

export function statusOf(reply) {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(reply.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** A WebSocket frame as a client writes it, with switches to break each rule. */
export function wsFrame(opcode, payload, { mask = true, rsv = 0, fin = true, lengthOverride } = {}) {
  const first = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f);
  const length = lengthOverride ?? payload.length;
  let lengthBytes;
  if (length < 126) lengthBytes = Buffer.from([(mask ? 0x80 : 0) | length]);
  else if (length < 65536) lengthBytes = Buffer.from([(mask ? 0x80 : 0) | 126, length >> 8, length & 0xff]);
  else {
    lengthBytes = Buffer.alloc(9);
    lengthBytes[0] = (mask ? 0x80 : 0) | 127;
    lengthBytes.writeBigUInt64BE(BigInt(length), 1);
  }
  if (!mask) return Buffer.concat([Buffer.from([first]), lengthBytes, payload]);
  const key = Buffer.from([0x3a, 0x91, 0x5c, 0x07]);
  return Buffer.concat([Buffer.from([first]), lengthBytes, key, Buffer.from(payload.map((b, i) => b ^ key[i % 4]))]);
}

export function wsHandshake(port, token) {
  return (
    `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${token}\r\n\r\n`
  );
}

/** Seeded PRNG (mulberry32): a failing fuzz run can be replayed with the same seed. */
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    bytes: (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}
