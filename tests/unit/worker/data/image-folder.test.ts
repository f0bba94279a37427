import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ImageFolderSpec, loadImageFolder } from '../../../../src/worker/data/image-folder';
import { expectDataError } from './data-errors';
import { tempFolderPerTest } from './idx-fixtures';
import { solid, writePng } from './png-fixtures';

let dir = '';
tempFolderPerTest('images', (created) => {
  dir = created;
});

const spec = (overrides: Partial<ImageFolderSpec> = {}): ImageFolderSpec => ({
  source: 'image-folder',
  folder: dir,
  height: 4,
  width: 4,
  color: 'grayscale',
  ...overrides,
});

const level = (k: number) => Math.fround(k / 255);
const allLabels = (d: { trainLabels: Int32Array; testLabels: Int32Array }) => [...d.trainLabels, ...d.testLabels].sort();


describe('loadImageFolder: labels, sizes, colour', () => {
  it('labels images by subfolder name in code-point order, independent of locale', async () => {
    // Locale order would be apple, banana, Zed; code-point order puts upper case first.
    await writePng(path.join(dir, 'banana', 'b1.png'), 4, 4, solid([255, 255, 255, 255]));
    await writePng(path.join(dir, 'apple', 'a1.png'), 4, 4, solid([0, 0, 0, 255]));
    await writePng(path.join(dir, 'apple', 'a2.png'), 4, 4, solid([0, 0, 0, 255]));
    await writePng(path.join(dir, 'Zed', 'z1.png'), 4, 4, solid([128, 128, 128, 255]));
    const dataset = await loadImageFolder(spec({ testFraction: 0 }));
    expect(dataset.info.classNames).toEqual(['Zed', 'apple', 'banana']);
    expect(dataset.info).toMatchObject({ name: path.basename(dir), source: 'image-folder', height: 4, width: 4, channels: 1 });
    expect(Array.from(dataset.trainLabels)).toEqual([0, 1, 1, 2]);
    // Each image is solid, so its first pixel tells which file it was.
    expect([0, 1, 2, 3].map((i) => dataset.trainImages[i * 16])).toEqual([level(128), 0, 0, 1]);
  });

  it('converts colour to BT.601 luma for grayscale and keeps RGB channels for rgb', async () => {
    await writePng(path.join(dir, 'red', 'r.png'), 2, 2, solid([255, 0, 0, 255]));
    await writePng(path.join(dir, 'teal', 't.png'), 2, 2, solid([0, 128, 128, 255]));
    const gray = await loadImageFolder(spec({ height: 2, width: 2, testFraction: 0 }));
    expect(gray.trainImages[0]).toBe(level(76)); // 0.299·255 = 76.2
    expect(gray.trainImages[4]).toBe(level(90)); // (0.587 + 0.114)·128 = 89.7
    const rgb = await loadImageFolder(spec({ height: 2, width: 2, color: 'rgb', testFraction: 0 }));
    expect(rgb.info.channels).toBe(3);
    expect(rgb.trainImages.length).toBe(2 * 2 * 2 * 3);
    expect(Array.from(rgb.trainImages.subarray(0, 6))).toEqual([1, 0, 0, 1, 0, 0]);
    expect(Array.from(rgb.trainImages.subarray(12, 15))).toEqual([0, level(128), level(128)]);
  });

  it('composites transparency on white', async () => {
    // Left column: fully transparent black; right column: half-transparent black.
    await writePng(path.join(dir, 'a', 'alpha.png'), 2, 1, (x) => (x === 0 ? [0, 0, 0, 0] : [0, 0, 0, 128]));
    const dataset = await loadImageFolder(spec({ height: 0, width: 0, testFraction: 0 }));
    expect(dataset.trainImages[0]).toBe(1);
    expect(dataset.trainImages[1]).toBe(level(127)); // 255·(1 − 128/255) = 127
  });

  it('reads grayscale and paletteless RGB PNGs as well as RGBA', async () => {
    await writePng(path.join(dir, 'g', 'gray.png'), 3, 3, solid([200, 200, 200, 255]), 0);
    await writePng(path.join(dir, 'g', 'rgb.png'), 3, 3, solid([10, 20, 30, 255]), 2);
    const dataset = await loadImageFolder(spec({ height: 0, width: 0, color: 'rgb', testFraction: 0 }));
    expect(Array.from(dataset.trainImages.subarray(0, 3))).toEqual([level(200), level(200), level(200)]);
    expect(Array.from(dataset.trainImages.subarray(27, 30))).toEqual([level(10), level(20), level(30)]);
  });

  it('resizes to the requested size (area averaging when shrinking) and quantizes to 8-bit levels', async () => {
    // 4×4: left half black, right half white -> 2×2 keeps the halves; -> 1×1 is mid grey.
    await writePng(path.join(dir, 'halves', 'h.png'), 4, 4, (x) => (x < 2 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const two = await loadImageFolder(spec({ height: 2, width: 2, testFraction: 0 }));
    expect(Array.from(two.trainImages)).toEqual([0, 1, 0, 1]);
    const one = await loadImageFolder(spec({ height: 1, width: 1, testFraction: 0 }));
    expect(one.trainImages[0]).toBe(level(128)); // 127.5 rounds to 128
    const big = await loadImageFolder(spec({ height: 8, width: 8, testFraction: 0 }));
    expect(big.trainImages.length).toBe(64);
    expect(big.trainImages[0]).toBe(0);
    expect(big.trainImages[7]).toBe(1);
  });

  it('accepts mixed source sizes when resizing', async () => {
    await writePng(path.join(dir, 'a', 'small.png'), 3, 5, solid([255, 255, 255, 255]));
    await writePng(path.join(dir, 'a', 'large.png'), 40, 20, solid([255, 255, 255, 255]));
    const dataset = await loadImageFolder(spec({ height: 6, width: 6, testFraction: 0 }));
    expect(dataset.trainImages.length).toBe(2 * 36);
    expect(dataset.trainImages.every((v) => v === 1)).toBe(true);
  });

  it('keeps the native size with height = width = 0', async () => {
    await writePng(path.join(dir, 'a', '1.png'), 5, 3, solid([0, 0, 0, 255]));
    await writePng(path.join(dir, 'a', '2.png'), 5, 3, solid([0, 0, 0, 255]));
    const dataset = await loadImageFolder(spec({ height: 0, width: 0, testFraction: 0 }));
    expect(dataset.info).toMatchObject({ height: 3, width: 5 });
  });

  it('splits each class in proportion, the same way every time', async () => {
    for (let i = 0; i < 10; i++) await writePng(path.join(dir, 'many', `${i}.png`), 2, 2, solid([i * 20, 0, 0, 255]));
    for (let i = 0; i < 4; i++) await writePng(path.join(dir, 'few', `${i}.png`), 2, 2, solid([0, i * 50, 0, 255]));
    const first = await loadImageFolder(spec({ height: 2, width: 2, testFraction: 0.25 }));
    expect(first.info.trainCount + first.info.testCount).toBe(14);
    expect(first.info.testCount).toBe(4); // round(14 · 0.25) = 4: few gets 1, many gets 3 (2.5 rounds by remainder)
    expect(allLabels(first)).toEqual([...Array(4).fill(0), ...Array(10).fill(1)]);
    expect(Array.from(first.testLabels).filter((l) => l === 0).length).toBe(1);
    const second = await loadImageFolder(spec({ height: 2, width: 2, testFraction: 0.25 }));
    expect(second.info.contentHash).toBe(first.info.contentHash);
    expect(second.testImages).toEqual(first.testImages);
  });

  it('defaults to a 10% test split', async () => {
    for (let i = 0; i < 20; i++) await writePng(path.join(dir, 'c', `${i}.png`), 2, 2, solid([0, 0, 0, 255]));
    const dataset = await loadImageFolder(spec({ height: 2, width: 2 }));
    expect([dataset.info.trainCount, dataset.info.testCount]).toEqual([18, 2]);
  });

  it('ignores hidden entries and files that are not PNGs', async () => {
    await writePng(path.join(dir, 'a', 'x.PNG'), 2, 2, solid([0, 0, 0, 255]));
    await writeFile(path.join(dir, 'a', 'notes.txt'), 'hello');
    await writePng(path.join(dir, 'a', '.hidden.png'), 2, 2, solid([0, 0, 0, 255]));
    await writePng(path.join(dir, '.thumbnails', 'x.png'), 2, 2, solid([0, 0, 0, 255]));
    const dataset = await loadImageFolder(spec({ height: 2, width: 2, testFraction: 0 }));
    expect(dataset.info.classNames).toEqual(['a']);
    expect(dataset.info.trainCount).toBe(1);
  });
});

describe('loadImageFolder: bad data names the file or folder', () => {
  it('reports a missing folder', async () => {
    const missing = path.join(dir, 'nowhere');
    await expectDataError(loadImageFolder(spec({ folder: missing })), missing, /folder not found/);
  });

  it('reports a file given as the folder', async () => {
    const file = path.join(dir, 'file.png');
    await writePng(file, 2, 2, solid([0, 0, 0, 255]));
    await expectDataError(loadImageFolder(spec({ folder: file })), file, /not a folder/);
  });

  it('reports an empty folder', async () => {
    await expectDataError(loadImageFolder(spec()), dir, /the folder is empty/);
  });

  it('reports a folder with no PNGs', async () => {
    await writeFile(path.join(dir, 'readme.txt'), 'no images here');
    await expectDataError(loadImageFolder(spec()), dir, /no PNG images found/);
  });

  it('reports PNGs not sorted into class subfolders', async () => {
    await writePng(path.join(dir, 'loose.png'), 2, 2, solid([0, 0, 0, 255]));
    await expectDataError(loadImageFolder(spec()), dir, /must be in one subfolder per class/);
  });

  it('reports a class folder with no images', async () => {
    await writePng(path.join(dir, 'cats', 'c.png'), 2, 2, solid([0, 0, 0, 255]));
    await mkdir(path.join(dir, 'dogs'));
    await writeFile(path.join(dir, 'dogs', 'dog.jpg'), 'not a png');
    await expectDataError(loadImageFolder(spec()), path.join(dir, 'dogs'), /class folder "dogs" has no PNG images/);
  });

  it('reports an unreadable PNG by name', async () => {
    await writePng(path.join(dir, 'a', 'good.png'), 2, 2, solid([0, 0, 0, 255]));
    const bad = path.join(dir, 'a', 'bad.png');
    await writeFile(bad, 'definitely not a PNG');
    await expectDataError(loadImageFolder(spec()), bad, /unreadable PNG/);
  });

  it('reports a truncated PNG by name', async () => {
    const file = path.join(dir, 'a', 'cut.png');
    await writePng(file, 8, 8, (x, y) => [x * 30, y * 30, 0, 255]);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 20));
    await expectDataError(loadImageFolder(spec()), file, /truncated PNG: the file \(\d+ bytes\) ends before the image data does/);
  });

  it('refuses an image with more pixels than one image may have, before decoding it', async () => {
    // 12000×12000 grayscale: a few hundred bytes of file would decode to 576 MB of RGBA.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(12_000, 0);
    header.writeUInt32BE(12_000, 4);
    header.set([8, 0, 0, 0, 0], 8);
    const file = path.join(dir, 'a', 'huge.png');
    await mkdir(path.dirname(file), { recursive: true });
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await writeFile(file, Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(12_001 * 16))), chunk('IEND', Buffer.alloc(0))]));
    await expectDataError(loadImageFolder(spec()), file, /12000×12000 pixels is more than the 16,777,216 \(4096×4096\) one image may have/);
  });

  it('reports mixed image sizes at native size, naming both files', async () => {
    const first = path.join(dir, 'a', '1.png');
    const second = path.join(dir, 'b', '2.png');
    await writePng(first, 4, 3, solid([0, 0, 0, 255]));
    await writePng(second, 3, 4, solid([0, 0, 0, 255]));
    const error = loadImageFolder(spec({ height: 0, width: 0 }));
    await expectDataError(error, second, new RegExp(`mixed image sizes: this image is 3×4 but .*1\\.png is 4×3`));
  });
});
