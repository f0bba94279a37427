import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src/worker/data/load-dataset';
import { dataErrorOf as rejection } from './data-errors';
import { tempFolderPerTest, tinyIdxSet, writeIdxSet } from './idx-fixtures';
import { solid, writePng } from './png-fixtures';

let dir = '';
tempFolderPerTest('load', (created) => {
  dir = created;
});

/** A fetch that must not be called, recording what it was asked for. */
function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (input) => {
      urls.push(String(input));
      return new Response('', { status: 404, statusText: 'Not Found' });
    },
  };
}

describe('loadDataset', () => {
  it('loads embedded MNIST', async () => {
    const dataset = await loadDataset({ source: 'embedded-mnist' });
    expect([dataset.info.source, dataset.info.trainCount, dataset.info.testCount]).toEqual(['embedded-mnist', 9000, 1000]);
  });

  it('loads an image folder', async () => {
    await writePng(path.join(dir, 'a', '1.png'), 3, 3, solid([0, 0, 0, 255]));
    const dataset = await loadDataset({ source: 'image-folder', folder: dir, height: 2, width: 2, color: 'rgb', testFraction: 0 });
    expect(dataset.info).toMatchObject({ source: 'image-folder', height: 2, width: 2, channels: 3, trainCount: 1 });
  });

  it('loads IDX from an explicit folder without touching the cache or the network', async () => {
    await writeIdxSet(dir, tinyIdxSet(), true);
    const { fetch, urls } = recordingFetch();
    const dataset = await loadDataset({ source: 'idx', name: 'mnist', folder: dir, download: true }, { cacheDir: '/nonexistent', fetch });
    expect(dataset.info.trainCount).toBe(12);
    expect(urls).toEqual([]);
  });

  it('loads IDX from cacheDir/<name> when the files are there', async () => {
    await mkdir(path.join(dir, 'fashion-mnist'));
    await writeIdxSet(path.join(dir, 'fashion-mnist'), tinyIdxSet(), false);
    const { fetch, urls } = recordingFetch();
    const dataset = await loadDataset({ source: 'idx', name: 'fashion-mnist', download: true }, { cacheDir: dir, fetch });
    expect(dataset.info.name).toBe('fashion-mnist');
    expect(urls).toEqual([]);
  });

  it("prefers the spec's cacheDir to the host's", async () => {
    await mkdir(path.join(dir, 'mnist'));
    await writeIdxSet(path.join(dir, 'mnist'), tinyIdxSet(), true);
    const dataset = await loadDataset({ source: 'idx', name: 'mnist', cacheDir: dir }, { cacheDir: path.join(dir, 'elsewhere') });
    expect(dataset.info.testCount).toBe(4);
  });

  it('explains how to supply IDX data that is not cached and may not be downloaded', async () => {
    const error = await rejection(loadDataset({ source: 'idx', name: 'mnist' }, { cacheDir: dir }));
    expect(error.message).toContain(path.join(dir, 'mnist'));
    expect(error.message).toMatch(/MNIST is not in the cache folder; set the dataset's "folder" to a folder holding train-images-idx3-ubyte\[\.gz\]/);
    expect(error.message).toMatch(/or set "download": true to download them, checksum-verified/);
  });

  it('offers the checksum-verified download for KMNIST too', async () => {
    const error = await rejection(loadDataset({ source: 'idx', name: 'kmnist' }, { cacheDir: dir }));
    expect(error.message).toMatch(/Kuzushiji-MNIST is not in the cache folder; set the dataset's "folder" .*github\.com\/rois-codh\/kmnist\), or set "download": true/);
  });

  it('explains that there is neither a folder nor a cache folder', async () => {
    const error = await rejection(loadDataset({ source: 'idx', name: 'fashion-mnist', download: true }));
    expect(error.message).toMatch(/^fashion-mnist: Fashion-MNIST has no folder and there is no cache folder to look in; set the dataset's "folder"/);
  });

  it('downloads into the cache when allowed, with the host-given fetch and mirror', async () => {
    const { fetch, urls } = recordingFetch();
    const error = await rejection(
      loadDataset({ source: 'idx', name: 'mnist', download: true }, { cacheDir: dir, fetch, baseUrl: 'http://127.0.0.1:9/m/' }),
    );
    expect(urls).toEqual(['http://127.0.0.1:9/m/train-images-idx3-ubyte.gz']);
    expect(error.message).toContain('HTTP 404 Not Found');
  });
});
