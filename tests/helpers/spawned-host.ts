/**
 * A real headless host in its own process (`vae-workbench serve --port 0`), for tests that must see
 * whether the process survives: a crash in a request handler kills this child, not the test runner.
 * Raw-socket helpers send exactly the bytes a hostile or broken client would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
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

/** Sends raw bytes and collects whatever comes back until the server closes or `waitMs` passes. */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 2000): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
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

/** The status code of the first HTTP response in `reply`, or null. */
export function statusOf(reply: Buffer): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(reply.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** A WebSocket frame as a client writes it; `mask` false and `rsv1` true let a test break the rules. */
export function wsFrame(opcode: number, payload: Buffer, options: { mask?: boolean; rsv1?: boolean; fin?: boolean } = {}): Buffer {
  const mask = options.mask ?? true;
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | (opcode & 0x0f);
  const length = payload.length;
  const lengthBytes = length < 126 ? Buffer.from([(mask ? 0x80 : 0) | length]) : Buffer.from([(mask ? 0x80 : 0) | 126, length >> 8, length & 0xff]);
  if (!mask) return Buffer.concat([Buffer.from([first]), lengthBytes, payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from([first]), lengthBytes, key, masked]);
}

/** The HTTP upgrade request for the API WebSocket, authenticated by bearer token. */
export function wsHandshake(port: number, token: string): string {
  return (
    `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${token}\r\n\r\n`
  );
}

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
