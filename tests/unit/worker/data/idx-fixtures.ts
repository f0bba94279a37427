/** Builders for small IDX files and temp folders, shared by the data tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach } from 'vitest';

export function idxImagesBytes(count: number, rows: number, cols: number, pixel: (item: number, i: number) => number): Buffer {
  const bytes = Buffer.alloc(16 + count * rows * cols);
  bytes.writeUInt32BE(0x00000803, 0);
  bytes.writeUInt32BE(count, 4);
  bytes.writeUInt32BE(rows, 8);
  bytes.writeUInt32BE(cols, 12);
  for (let item = 0; item < count; item++) {
    for (let i = 0; i < rows * cols; i++) bytes[16 + item * rows * cols + i] = pixel(item, i);
  }
  return bytes;
}

export function idxLabelsBytes(labels: number[]): Buffer {
  const bytes = Buffer.alloc(8 + labels.length);
  bytes.writeUInt32BE(0x00000801, 0);
  bytes.writeUInt32BE(labels.length, 4);
  labels.forEach((label, i) => (bytes[8 + i] = label));
  return bytes;
}

export interface TinyIdxSet {
  trainImages: Buffer;
  trainLabels: Buffer;
  testImages: Buffer;
  testLabels: Buffer;
}

/** 12 training and 4 test images of 3×2 pixels with known, distinct values. */
export function tinyIdxSet(): TinyIdxSet {
  const pixel = (offset: number) => (item: number, i: number) => (offset + item * 7 + i * 31) % 256;
  return {
    trainImages: idxImagesBytes(12, 3, 2, pixel(0)),
    trainLabels: idxLabelsBytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]),
    testImages: idxImagesBytes(4, 3, 2, pixel(100)),
    testLabels: idxLabelsBytes([9, 8, 7, 6]),
  };
}

export const FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Writes a set into a folder, gzipped (".gz" names) or raw. */
export async function writeIdxSet(folder: string, set: TinyIdxSet, gzip: boolean): Promise<void> {
  for (const role of Object.keys(FILE_NAMES) as (keyof TinyIdxSet)[]) {
    const name = FILE_NAMES[role] + (gzip ? '.gz' : '');
    await writeFile(path.join(folder, name), gzip ? gzipSync(set[role]) : set[role]);
  }
}

/** A fresh temp folder and its cleanup. */
export async function tempFolder(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `vae-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh temp folder for each test of the file (handed to `created` before the test), removed after it. */
export function tempFolderPerTest(prefix: string, created: (dir: string) => void | Promise<void>): void {
  let cleanup: () => Promise<void> = async () => {};
  beforeEach(async () => {
    const folder = await tempFolder(prefix);
    cleanup = folder.cleanup;
    await created(folder.dir);
  });
  afterEach(async () => {
    await cleanup();
  });
}
