/**
 * Downloads a named IDX dataset into `cacheDir/<name>/`, verified against pinned checksums.
 *
 * Each file is streamed to a unique temporary name beside its target, hashed (its decompressed
 * content, or the archive itself for datasets pinned by archive MD5) and compared with the pin, and
 * only then renamed into place; so the cache never holds a partial or unverified file under a real
 * name, and a crash mid-download leaves nothing that a later load would mistake for data.
 */
import { randomBytes, createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import type { IdxDatasetName } from '../../shared/dataset';
import { DataError } from './data-error';
import { IDX_CATALOG, IDX_FILE_NAMES, IDX_FILE_ROLES, type IdxChecksums } from '../../shared/idx-catalog';

export interface DownloadOptions {
  /** Injected for tests or proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Overrides the catalog's folder URL (a mirror, or a local test server). */
  baseUrl?: string;
  /** Overrides the catalog's pins (a mirror that publishes its own, or a test server's files). */
  checksums?: IdxChecksums;
}

/** Where a named dataset lives inside a cache folder. */
export function idxCacheFolder(cacheDir: string, name: IdxDatasetName): string {
  return path.join(cacheDir, name);
}

/**
 * Makes sure the four files of `name` are in `cacheDir/<name>/` with verified content, downloading
 * what is missing or wrong. Returns that folder.
 */
export async function ensureIdxDataset(name: IdxDatasetName, cacheDir: string, options: DownloadOptions = {}): Promise<string> {
  const entry = IDX_CATALOG[name];
  const folder = idxCacheFolder(cacheDir, name);
  if (entry.download === null) {
    throw new DataError(
      folder,
      `${entry.title} cannot be downloaded by the workbench because no checksums are pinned for it; ` +
        `get the four IDX files from ${entry.homepage} and set the dataset's folder to where they are`,
    );
  }
  const fetchImpl = options.fetch ?? fetch;
  const baseUrl = withTrailingSlash(options.baseUrl ?? entry.download.baseUrl);
  const checksums = options.checksums ?? entry.download.checksums;
  await mkdir(folder, { recursive: true });
  for (const role of IDX_FILE_ROLES) {
    const pin: Pin = { kind: checksums.kind, value: checksums.values[role] };
    const rawFile = path.join(folder, IDX_FILE_NAMES[role]);
    const target = `${rawFile}.gz`;
    // An archive pin can only vouch for the .gz: a decompressed copy in the cache is unverifiable,
    // and the loader, which prefers raw names, must not pick it up.
    if (pin.kind === 'archive-md5') await rm(rawFile, { force: true });
    if (await hasVerifiedCopy(pin.kind === 'archive-md5' ? [target] : [rawFile, target], pin)) continue;
    await downloadVerified(fetchImpl, `${baseUrl}${IDX_FILE_NAMES[role]}.gz`, target, pin);
  }
  return folder;
}

interface Pin {
  kind: IdxChecksums['kind'];
  value: string;
}

const PIN_LABEL: Record<Pin['kind'], string> = { 'content-sha256': 'content SHA-256', 'archive-md5': 'archive MD5' };

function digest(file: string, kind: Pin['kind']): Promise<string> {
  return kind === 'content-sha256' ? contentSha256(file) : archiveMd5(file);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * True when one of the candidate files exists with the expected content. A copy with the wrong
 * content is deleted, so the loader (which prefers the raw name) cannot pick it up later.
 */
async function hasVerifiedCopy(candidates: string[], pin: Pin): Promise<boolean> {
  for (const file of candidates) {
    let actual: string;
    try {
      actual = await digest(file, pin.kind);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      await rm(file, { force: true });
      continue;
    }
    if (actual === pin.value) return true;
    await rm(file, { force: true });
  }
  return false;
}

async function downloadVerified(fetchImpl: typeof fetch, url: string, target: string, pin: Pin): Promise<void> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.partial`;
  try {
    let response: Response;
    try {
      response = await fetchImpl(url);
    } catch (error) {
      throw new DataError(target, `download from ${url} failed (${describe(error)})`);
    }
    if (!response.ok || response.body === null) {
      throw new DataError(target, `download from ${url} failed: HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    try {
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), createWriteStream(temp));
    } catch (error) {
      throw new DataError(target, `download from ${url} broke off (${describe(error)})`);
    }
    const actual = await digest(temp, pin.kind).catch((error: unknown) => {
      throw new DataError(target, `downloaded file from ${url} is not valid data (${describe(error)})`);
    });
    if (actual !== pin.value) {
      throw new DataError(
        target,
        `checksum mismatch for the file downloaded from ${url}: expected ${PIN_LABEL[pin.kind]} ${pin.value}, got ${actual}; the download was discarded`,
      );
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}

/** SHA-256 of a file's content, gunzipped first when it starts with the gzip magic bytes. */
export async function contentSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  const consume = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) hash.update(chunk);
  };
  if (await startsWithGzipMagic(file)) await pipeline(createReadStream(file), createGunzip(), consume);
  else await pipeline(createReadStream(file), consume);
  return hash.digest('hex');
}

/** MD5 of a file's bytes as they are (an archive exactly as published). */
export async function archiveMd5(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
