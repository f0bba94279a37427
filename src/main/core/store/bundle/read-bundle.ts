/**
 * importBundle's file side: reads and checks a whole bundle in memory (gzip CRC, tar header checksums,
 * manifest schema, every entry's size and SHA-256) and hands back decoded contents. Nothing is written
 * until this has succeeded.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { MetricPoint } from '../../../../shared/runs';
import { badRequest, describeError } from '../store-errors';
import { bundleManifestSchema, BYTES_PER_POINT, MANIFEST_ENTRY, type BundleManifest, type EntryRef } from './bundle-manifest';
import type { CheckpointFile } from './checkpoint-files';
import { readTar } from './tar';
import { sha256 } from './digest';

export interface ParsedBundle {
  manifest: BundleManifest;
  /** One entry per manifest.metrics item. */
  series: MetricPoint[][];
  /** One entry per manifest.snapshots item: the bytes of a binary snapshot, null for JSON. */
  snapshotBytes: (Uint8Array | null)[];
  /** One entry per manifest.checkpoints item. */
  checkpointFiles: CheckpointFile[][];
}

const gunzipAsync = promisify(gunzip);

/**
 * A real bundle is mostly float32 checkpoints and float64 series, which gzip shrinks little; a file
 * that inflates far beyond its own size is a gzip bomb (1 GiB of zeros fits in 1 MB). Inflation
 * stops at this bound instead of taking the host's memory with it.
 */
export function inflatedLimit(compressedBytes: number): number {
  return Math.min(2 ** 31 - 1, Math.max(64 * 2 ** 20, 16 * compressedBytes));
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

export async function readBundle(path: string): Promise<ParsedBundle> {
  // Only the file's name in messages: over the API the path is a temporary folder on the server.
  const name = basename(path);
  const refuse = (problem: string) => badRequest(`bundle ${name} ${problem}; nothing was imported`);
  let compressed: Buffer;
  try {
    compressed = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw badRequest(`cannot read bundle ${name}${code ? ` (${code})` : ''}`);
  }
  let archive: Buffer;
  const limit = inflatedLimit(compressed.length);
  try {
    archive = await gunzipAsync(compressed, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw refuse(`inflates to more than ${mib(limit)} from ${mib(compressed.length)} (a real bundle inflates to about its own size): refused as a possible gzip bomb`);
    }
    throw refuse(`is corrupt or truncated (gzip: ${describeError(error)})`);
  }
  let entries;
  try {
    entries = new Map<string, Buffer>();
    for (const entry of readTar(archive)) {
      if (entries.has(entry.name)) throw new Error(`entry ${entry.name} appears twice`);
      entries.set(entry.name, entry.data);
    }
  } catch (error) {
    throw refuse(`is not a valid archive (${describeError(error)})`);
  }

  const manifestBytes = entries.get(MANIFEST_ENTRY);
  if (!manifestBytes) throw refuse(`has no ${MANIFEST_ENTRY}`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestBytes.toString('utf8'));
  } catch (error) {
    throw refuse(`has an unreadable ${MANIFEST_ENTRY} (${describeError(error)})`);
  }
  const parsed = bundleManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(manifest)'}: ${issue.message}`);
    throw refuse(`has an invalid manifest (${issues.join('; ')})`);
  }
  const manifest = parsed.data;

  const entryData = (ref: EntryRef): Buffer => {
    const data = entries.get(ref.entry);
    if (!data) throw refuse(`lacks entry ${ref.entry}`);
    if (data.length !== ref.bytes) throw refuse(`entry ${ref.entry} has ${data.length} bytes, the manifest says ${ref.bytes}`);
    if (sha256(data) !== ref.sha256) throw refuse(`entry ${ref.entry} fails its SHA-256 check`);
    return data;
  };

  const series = manifest.metrics.map(({ key, points, file }) => {
    const data = entryData(file);
    if (data.length !== points * BYTES_PER_POINT) throw refuse(`series ${key} should hold ${points} points but has ${data.length} bytes`);
    return decodeSeries(key, points, data);
  });
  const snapshotBytes = manifest.snapshots.map((snapshot) => (snapshot.file ? new Uint8Array(entryData(snapshot.file)) : null));
  const checkpointFiles = manifest.checkpoints.map((checkpoint) =>
    checkpoint.files.map(({ path: filePath, file }) => ({ path: filePath, data: entryData(file) })),
  );
  return { manifest, series, snapshotBytes, checkpointFiles };
}

function decodeSeries(key: string, count: number, data: Buffer): MetricPoint[] {
  const points: MetricPoint[] = new Array<MetricPoint>(count);
  for (let index = 0; index < count; index++) {
    points[index] = {
      key,
      step: data.readDoubleLE(index * 8),
      epoch: data.readDoubleLE((count + index) * 8),
      wallTime: data.readDoubleLE((2 * count + index) * 8),
      value: data.readDoubleLE((3 * count + index) * 8),
    };
  }
  return points;
}
