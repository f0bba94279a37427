import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadIdxFolder, parseIdxImages } from '../../../../src/worker/data/idx';
import { expectDataError } from './data-errors';
import { FILE_NAMES, idxImagesBytes, idxLabelsBytes, tempFolder, tempFolderPerTest, tinyIdxSet, writeIdxSet } from './idx-fixtures';

let dir = '';
tempFolderPerTest('idx', (created) => {
  dir = created;
});

describe('IDX round trip', () => {
  it.each([
    ['gzipped', true],
    ['raw', false],
  ])('loads %s files with exact pixels, labels and the official split', async (_kind, gzip) => {
    const set = tinyIdxSet();
    await writeIdxSet(dir, set, gzip);
    const dataset = await loadIdxFolder(dir, 'mnist');
    expect(dataset.info).toMatchObject({ name: 'mnist', source: 'idx', height: 3, width: 2, channels: 1, trainCount: 12, testCount: 4 });
    expect(dataset.info.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Array.from(dataset.trainImages)).toEqual(Array.from(set.trainImages.subarray(16), (b) => Math.fround(b / 255)));
    expect(Array.from(dataset.testImages)).toEqual(Array.from(set.testImages.subarray(16), (b) => Math.fround(b / 255)));
    expect(Array.from(dataset.trainLabels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(Array.from(dataset.testLabels)).toEqual([9, 8, 7, 6]);
    expect(dataset.info.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives gzipped and raw copies of the same data the same content hash', async () => {
    const set = tinyIdxSet();
    await writeIdxSet(dir, set, true);
    const fromGzip = await loadIdxFolder(dir, 'fashion-mnist');
    const raw = await tempFolder('idx-raw');
    try {
      await writeIdxSet(raw.dir, set, false);
      const fromRaw = await loadIdxFolder(raw.dir, 'fashion-mnist');
      expect(fromRaw.info.contentHash).toBe(fromGzip.info.contentHash);
      expect(fromRaw.info.classNames[9]).toBe('Ankle boot');
    } finally {
      await raw.cleanup();
    }
  });

  it('detects gzip by its magic bytes, not by the file name', async () => {
    const set = tinyIdxSet();
    await writeIdxSet(dir, set, false);
    // A gzipped file under the raw name still loads.
    await writeFile(path.join(dir, FILE_NAMES.trainImages), gzipSync(set.trainImages));
    const dataset = await loadIdxFolder(dir, 'kmnist');
    expect(dataset.info.trainCount).toBe(12);
    expect(dataset.info.classNames).toEqual(['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo']);
  });
});

describe('IDX bad data: every error names the file', () => {
  it('reports a missing folder', async () => {
    const missing = path.join(dir, 'nope');
    await expectDataError(loadIdxFolder(missing, 'mnist'), missing, /folder not found/);
  });

  it('reports a missing file, with both names it looked for', async () => {
    await writeIdxSet(dir, tinyIdxSet(), true);
    await rm(path.join(dir, `${FILE_NAMES.testLabels}.gz`));
    await expectDataError(
      loadIdxFolder(dir, 'mnist'),
      path.join(dir, FILE_NAMES.testLabels),
      /file not found \(looked for t10k-labels-idx1-ubyte and t10k-labels-idx1-ubyte\.gz\)/,
    );
  });

  it('reports a truncated image file (header says N items, fewer bytes follow)', async () => {
    const set = tinyIdxSet();
    set.trainImages = set.trainImages.subarray(0, set.trainImages.length - 5);
    await writeIdxSet(dir, set, true);
    await expectDataError(
      loadIdxFolder(dir, 'mnist'),
      path.join(dir, `${FILE_NAMES.trainImages}.gz`),
      /truncated: the header says 12 images of 3×2 \(72 bytes\) but only 67 bytes follow/,
    );
  });

  it('reports a truncated label file', async () => {
    const set = tinyIdxSet();
    set.testLabels = set.testLabels.subarray(0, set.testLabels.length - 1);
    await writeIdxSet(dir, set, false);
    await expectDataError(loadIdxFolder(dir, 'mnist'), path.join(dir, FILE_NAMES.testLabels), /truncated: the header says 4 labels/);
  });

  it('reports a file too short to hold its header', async () => {
    const set = tinyIdxSet();
    set.testImages = set.testImages.subarray(0, 10);
    await writeIdxSet(dir, set, false);
    await expectDataError(loadIdxFolder(dir, 'mnist'), path.join(dir, FILE_NAMES.testImages), /truncated: 10 bytes .* 16-byte IDX images header/);
  });

  it('reports bytes beyond what the header announces', async () => {
    const set = tinyIdxSet();
    set.trainLabels = Buffer.concat([set.trainLabels, Buffer.from([1, 2, 3])]);
    await writeIdxSet(dir, set, true);
    await expectDataError(loadIdxFolder(dir, 'mnist'), path.join(dir, `${FILE_NAMES.trainLabels}.gz`), /3 unexpected bytes after the 12 labels/);
  });

  it('reports a cut-off gzip stream', async () => {
    await writeIdxSet(dir, tinyIdxSet(), true);
    const file = path.join(dir, `${FILE_NAMES.trainImages}.gz`);
    const gz = gzipSync(tinyIdxSet().trainImages);
    await writeFile(file, gz.subarray(0, gz.length - 12));
    await expectDataError(loadIdxFolder(dir, 'mnist'), file, /corrupt gzip data \(unexpected end of file\)/);
  });

  it('reports gzip data that fails its integrity check', async () => {
    await writeIdxSet(dir, tinyIdxSet(), true);
    const file = path.join(dir, `${FILE_NAMES.trainLabels}.gz`);
    const gz = Buffer.from(gzipSync(tinyIdxSet().trainLabels));
    gz[gz.length - 6] = (gz[gz.length - 6] as number) ^ 0xff; // inside the CRC32 trailer
    await writeFile(file, gz);
    await expectDataError(loadIdxFolder(dir, 'mnist'), file, /corrupt gzip data/);
  });

  it('reports a wrong magic number, and hints at swapped files', async () => {
    const set = tinyIdxSet();
    set.trainImages = set.trainLabels;
    await writeIdxSet(dir, set, false);
    await expectDataError(
      loadIdxFolder(dir, 'mnist'),
      path.join(dir, FILE_NAMES.trainImages),
      /wrong magic number 0x00000801, expected 0x00000803 for IDX images \(this looks like a label file\)/,
    );
  });

  it('reports a wrong magic number in a file that is not IDX at all', async () => {
    const set = tinyIdxSet();
    set.testLabels = Buffer.from('this is not an IDX file');
    await writeIdxSet(dir, set, true);
    await expectDataError(loadIdxFolder(dir, 'mnist'), path.join(dir, `${FILE_NAMES.testLabels}.gz`), /wrong magic number 0x74686973, expected 0x00000801/);
  });

  it('reports a label count that differs from the image count, naming both files', async () => {
    const set = tinyIdxSet();
    set.testLabels = idxLabelsBytes([1, 2, 3]);
    await writeIdxSet(dir, set, false);
    const error = loadIdxFolder(dir, 'mnist');
    await expectDataError(error, path.join(dir, FILE_NAMES.testLabels), /3 labels but .*t10k-images-idx3-ubyte holds 4 images/);
  });

  it('reports a label outside the class range with its position', async () => {
    const set = tinyIdxSet();
    set.trainLabels = idxLabelsBytes([0, 1, 2, 10, 4, 5, 6, 7, 8, 9, 0, 1]);
    await writeIdxSet(dir, set, true);
    await expectDataError(loadIdxFolder(dir, 'mnist'), path.join(dir, `${FILE_NAMES.trainLabels}.gz`), /label 10 at item 3 is outside 0\.\.9/);
  });

  it('reports test images whose size differs from the training images', async () => {
    const set = tinyIdxSet();
    set.testImages = idxImagesBytes(4, 2, 3, () => 0);
    await writeIdxSet(dir, set, false);
    await expectDataError(loadIdxFolder(dir, 'mnist'), path.join(dir, FILE_NAMES.testImages), /images are 2×3 but the training images in .* are 3×2/);
  });

  it('rejects images with a zero side', () => {
    expect(() => parseIdxImages(idxImagesBytes(0, 0, 28, () => 0), 'x.idx')).toThrow(/x\.idx: images of 0×28 pixels/);
  });
});
