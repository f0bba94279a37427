/**
 * Reading one IDX file without trusting it. A FIFO named like an IDX file would hang the run, and a
 * symlink to /dev/zero would grow the worker until the machine gives out, so only regular files
 * are read. A raw file's size must be what its header promises before any of it is read; a gzipped
 * one is inflated as a stream that stops once it passes that promise.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError } from './data-error';

/** No IDX file this workbench trains on comes near this (full MNIST's training images: 47 MB). */
export const MAX_IDX_BYTES = 2 ** 30;
/** Extra bytes still read so the "N unexpected bytes after …" message can give N exactly. */
const TRAILING_SLACK = 2 ** 20;
const HEAD_BYTES = 64;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The total length (header + data) an unsigned-byte IDX header promises, or null when `head` is no
 * such header (the parser then explains what is wrong with it).
 */
export function promisedIdxLength(head: Uint8Array): number | null {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0 || head[2] !== 0x08) return null;
  const dims = head[3] as number;
  const headerLength = 4 + 4 * dims;
  if (dims < 1 || dims > 4 || head.length < headerLength) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let dataLength = 1;
  for (let i = 0; i < dims; i++) dataLength *= view.getUint32(4 + 4 * i, false);
  return headerLength + dataLength;
}

function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a regular file';
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function tooLong(file: string, length: number, promised: number | null): DataError {
  if (promised === null) return new DataError(file, `${mib(length)} is more than the ${mib(MAX_IDX_BYTES)} an IDX file may hold`);
  if (promised > MAX_IDX_BYTES) return new DataError(file, `the header promises ${mib(promised)}, more than the ${mib(MAX_IDX_BYTES)} an IDX file may hold`);
  return new DataError(file, `more than ${mib(TRAILING_SLACK)} of unexpected bytes after the ${promised} bytes the header announces`);
}

/** The length past which reading stops: the header's promise plus slack, never beyond the cap. */
function readLimit(promised: number | null): number {
  return promised === null || promised > MAX_IDX_BYTES ? MAX_IDX_BYTES : promised + TRAILING_SLACK;
}

async function regularFile(file: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(file, code === 'ENOENT' ? 'file not found' : `cannot read the file (${(error as Error).message})`);
  }
  if (!info.isFile()) throw new DataError(file, `is ${fileKind(info)}, not a regular file; IDX data must be a plain file`);
  return info;
}

async function readHead(file: string, size: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. */
export async function readIdxBytes(file: string): Promise<Uint8Array> {
  const info = await regularFile(file);
  const head = await readHead(file, info.size);
  if (isGzip(head)) return inflate(file);
  const promised = promisedIdxLength(head);
  if (info.size > readLimit(promised)) throw tooLong(file, info.size, promised);
  const handle = await open(file, 'r');
  try {
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function inflate(file: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  let promised: number | null = null;
  let headerSeen = false;
  // pipeline() reports a consumer's own error as an abort; keep ours to rethrow it.
  let refused: DataError | null = null;
  try {
    await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        chunks.push(chunk);
        total += chunk.length;
        if (!headerSeen && total >= HEAD_BYTES) {
          headerSeen = true;
          promised = promisedIdxLength(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
        }
        if (total > readLimit(promised)) {
          refused = tooLong(file, total, promised);
          throw refused;
        }
      }
    });
  } catch (error) {
    if (refused !== null) throw refused;
    if (error instanceof DataError) throw error;
    throw new DataError(file, `corrupt gzip data (${(error as Error).message})`);
  }
  return Buffer.concat(chunks, total);
}
