/**
 * The built headless host as a child process, for the hardening scripts (fuzz, kill loop): start
 * it on a free port, read its URL, call the API, and send raw bytes the way a hostile client would.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
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

export { rawExchange, statusOf, wsFrame, wsHandshake } from '../lib/raw-socket.js';

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
