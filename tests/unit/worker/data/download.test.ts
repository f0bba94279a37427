/** The downloader against a real HTTP server on the loopback interface. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSha256, ensureIdxDataset } from '../../../../src/worker/data/download';
import { IDX_CATALOG } from '../../../../src/shared/idx-catalog';
import { loadIdxFolder } from '../../../../src/worker/data/idx';
import { dataErrorOf as rejection } from './data-errors';
import { tempFolderPerTest, tinyIdxSet } from './idx-fixtures';

const MNIST_DIR = fileURLToPath(new URL('../../../../../shared/datasets/mnist', import.meta.url));
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const haveMnist = existsSync(MNIST_DIR);
const haveFashion = existsSync(FASHION_DIR);

/** URL path -> body; anything else is a 404. Every request is logged. */
let routes = new Map<string, Buffer>();
let requests: string[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const body = routes.get(url);
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let cacheDir = '';
tempFolderPerTest('download', (created) => {
  cacheDir = created;
  routes = new Map();
  requests = [];
});

const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

async function serveFolder(prefix: string, folder: string): Promise<void> {
  for (const file of FILES) routes.set(`${prefix}/${file}`, await readFile(path.join(folder, file)));
}

describe('ensureIdxDataset', () => {
  it.skipIf(!haveMnist)(`downloads MNIST, verifies the pinned checksums and loads it${haveMnist ? '' : ' (skipped: no local MNIST to serve)'}`, async () => {
    await serveFolder('/mnist', MNIST_DIR);
    const folder = await ensureIdxDataset('mnist', cacheDir, { baseUrl: `${baseUrl}/mnist/` });
    expect(folder).toBe(path.join(cacheDir, 'mnist'));
    expect((await readdir(folder)).sort()).toEqual([...FILES].sort());
    expect(requests).toHaveLength(4);
    // Byte-identical copies, nothing left behind under a temporary name.
    for (const file of FILES) expect((await readFile(path.join(folder, file))).equals(routes.get(`/mnist/${file}`) as Buffer)).toBe(true);
    const dataset = await loadIdxFolder(folder, 'mnist');
    expect([dataset.info.trainCount, dataset.info.testCount]).toEqual([60000, 10000]);

    // A second call finds verified copies and downloads nothing.
    requests = [];
    await ensureIdxDataset('mnist', cacheDir, { baseUrl: `${baseUrl}/mnist` });
    expect(requests).toEqual([]);
  });

  it.skipIf(!haveFashion)(
    `accepts Debian's re-gzipped Fashion-MNIST, because the pins are over the decompressed content${haveFashion ? '' : ' (skipped: dataset-fashion-mnist not installed)'}`,
    async () => {
      await serveFolder('/fashion', FASHION_DIR);
      const folder = await ensureIdxDataset('fashion-mnist', cacheDir, { baseUrl: `${baseUrl}/fashion/` });
      expect((await readdir(folder)).sort()).toEqual([...FILES].sort());
    },
  );

  it('rejects a file whose content does not match the pinned checksum and leaves no partial file', async () => {
    const fake = tinyIdxSet();
    routes.set('/mnist/train-images-idx3-ubyte.gz', gzipSync(fake.trainImages));
    const error = await rejection(ensureIdxDataset('mnist', cacheDir, { baseUrl: `${baseUrl}/mnist/` }));
    const expected = IDX_CATALOG.mnist.download?.checksums.values.trainImages ?? '';
    const actual = createHash('sha256').update(fake.trainImages).digest('hex');
    expect(error.message).toContain(path.join(cacheDir, 'mnist', 'train-images-idx3-ubyte.gz'));
    expect(error.message).toContain(`expected content SHA-256 ${expected}, got ${actual}`);
    expect(await readdir(path.join(cacheDir, 'mnist'))).toEqual([]);
  });

  it('reports an HTTP error with the status and the URL, and writes nothing', async () => {
    const error = await rejection(ensureIdxDataset('fashion-mnist', cacheDir, { baseUrl: `${baseUrl}/missing/` }));
    expect(error.message).toContain(path.join(cacheDir, 'fashion-mnist', 'train-images-idx3-ubyte.gz'));
    expect(error.message).toContain(`download from ${baseUrl}/missing/train-images-idx3-ubyte.gz failed: HTTP 404 Not Found`);
    expect(await readdir(path.join(cacheDir, 'fashion-mnist'))).toEqual([]);
  });

  it('reports a server that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(ensureIdxDataset('mnist', cacheDir, { baseUrl: `http://127.0.0.1:${port}/` }));
    expect(error.message).toMatch(/download from http:\/\/127\.0\.0\.1:\d+\/train-images-idx3-ubyte\.gz failed \(fetch failed: .*ECONNREFUSED/);
  });

  it('reports a download that is not valid gzip as bad data, and leaves no partial file', async () => {
    routes.set('/mnist/train-images-idx3-ubyte.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage after the gzip magic')]));
    const error = await rejection(ensureIdxDataset('mnist', cacheDir, { baseUrl: `${baseUrl}/mnist/` }));
    expect(error.message).toMatch(/train-images-idx3-ubyte\.gz: downloaded file from .* is not valid data/);
    expect(await readdir(path.join(cacheDir, 'mnist'))).toEqual([]);
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response('nope', { status: 503, statusText: 'Service Unavailable' });
    };
    const error = await rejection(ensureIdxDataset('mnist', cacheDir, { fetch: fakeFetch, baseUrl: 'https://mirror.invalid/mnist' }));
    expect(seen).toEqual(['https://mirror.invalid/mnist/train-images-idx3-ubyte.gz']);
    expect(error.message).toContain('HTTP 503 Service Unavailable');
  });

  it('replaces a cached file with the wrong content instead of trusting it', async () => {
    const folder = path.join(cacheDir, 'mnist');
    await mkdir(folder);
    await writeFile(path.join(folder, 'train-images-idx3-ubyte'), tinyIdxSet().trainImages);
    const error = await rejection(ensureIdxDataset('mnist', cacheDir, { baseUrl: `${baseUrl}/none/` }));
    expect(error.message).toContain('HTTP 404');
    expect(await readdir(folder)).toEqual([]);
  });

  it('checks KMNIST downloads against the published archive MD5s (torchvision’s): another file is refused and discarded', async () => {
    const fake = gzipSync(tinyIdxSet().trainImages);
    routes.set('/kmnist/train-images-idx3-ubyte.gz', fake);
    const error = await rejection(ensureIdxDataset('kmnist', cacheDir, { baseUrl: `${baseUrl}/kmnist/` }));
    const actual = createHash('md5').update(fake).digest('hex');
    expect(IDX_CATALOG.kmnist.download?.baseUrl).toBe('http://codh.rois.ac.jp/kmnist/dataset/kmnist/');
    expect(error.message).toContain(path.join(cacheDir, 'kmnist', 'train-images-idx3-ubyte.gz'));
    expect(error.message).toContain(`expected archive MD5 bdb82020997e1d708af4cf47b453dcf7, got ${actual}; the download was discarded`);
    expect(await readdir(path.join(cacheDir, 'kmnist'))).toEqual([]);
  });

  it('an archive-pinned dataset downloads when every archive matches, ignores a decompressed copy it cannot verify, and loads', async () => {
    const set = tinyIdxSet();
    const bodies = [set.trainImages, set.trainLabels, set.testImages, set.testLabels].map((bytes) => gzipSync(bytes));
    FILES.forEach((file, i) => routes.set(`/kmnist/${file}`, bodies[i] as Buffer));
    const md5 = (i: number) => createHash('md5').update(bodies[i] as Buffer).digest('hex');
    const checksums = { kind: 'archive-md5' as const, values: { trainImages: md5(0), trainLabels: md5(1), testImages: md5(2), testLabels: md5(3) } };
    const folder = path.join(cacheDir, 'kmnist');
    await mkdir(folder);
    await writeFile(path.join(folder, 'train-images-idx3-ubyte'), Buffer.from('not verifiable by an archive pin'));
    await ensureIdxDataset('kmnist', cacheDir, { baseUrl: `${baseUrl}/kmnist/`, checksums });
    expect((await readdir(folder)).sort()).toEqual([...FILES].sort());
    const dataset = await loadIdxFolder(folder, 'kmnist');
    expect([dataset.info.trainCount, dataset.info.testCount]).toEqual([12, 4]);
    requests = [];
    await ensureIdxDataset('kmnist', cacheDir, { baseUrl: `${baseUrl}/kmnist/`, checksums });
    expect(requests).toEqual([]);
  });
});

describe('contentSha256', () => {
  it('hashes the decompressed content of gzip files and raw files alike', async () => {
    const bytes = tinyIdxSet().testImages;
    const raw = path.join(cacheDir, 'a');
    const gz = path.join(cacheDir, 'a.gz');
    await writeFile(raw, bytes);
    await writeFile(gz, gzipSync(bytes, { level: 1 }));
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await contentSha256(raw)).toBe(expected);
    expect(await contentSha256(gz)).toBe(expected);
  });
});
