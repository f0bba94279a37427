/**
 * A real headless host in its own process (`vae-workbench serve --port 0`), for tests that must see
 * whether the process survives: a crash in a request handler kills this child, not the test runner.
 * Raw-socket helpers send exactly the bytes a hostile or broken client would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFile } from './built-app';

export interface SpawnedHost {
  process: ChildProcess;
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** Everything the host wrote to stdout and stderr so far. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function spawnHost(options: { dataDir?: string; args?: string[] } = {}): Promise<SpawnedHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vwb-host-'));
  const child = spawn(process.execPath, [builtFile('main', 'cli.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its URL within 30 s:\n${output}`)), 30_000);
    const check = () => {
      const found = /Open (http:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(found);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before printing its URL:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    process: child,
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => output,
    alive: () => !exited && child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export { rawExchange, statusOf, wsFrame, wsHandshake } from '../../scripts/lib/raw-socket.js';

/** The close code in the first close frame (opcode 8) the server sent after its 101 response, or null. */
export function closeCodeOf(reply: Buffer): number | null {
  const headerEnd = reply.indexOf('\r\n\r\n');
  if (headerEnd < 0) return null;
  let offset = headerEnd + 4;
  while (offset + 2 <= reply.length) {
    const opcode = (reply[offset] as number) & 0x0f;
    let length = (reply[offset + 1] as number) & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = reply.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      return null;
    }
    if (opcode === 8) return length >= 2 ? reply.readUInt16BE(start) : 1005;
    offset = start + length;
  }
  return null;
}
