import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash, type HashableDataset } from '../../../../src/worker/data/content-hash';

const tiny = (): HashableDataset => ({
  height: 1,
  width: 2,
  channels: 1,
  trainImages: Float32Array.from([0, 1, 128 / 255, 3 / 255]),
  trainLabels: Int32Array.from([1, 0]),
  testImages: Float32Array.from([255 / 255, 7 / 255]),
  testLabels: Int32Array.from([2]),
});

describe('contentHash', () => {
  it('is SHA-256 over the documented canonical layout', () => {
    const u32 = (...values: number[]) => {
      const b = Buffer.alloc(values.length * 4);
      values.forEach((v, i) => b.writeUInt32LE(v, i * 4));
      return b;
    };
    const i32 = (...values: number[]) => {
      const b = Buffer.alloc(values.length * 4);
      values.forEach((v, i) => b.writeInt32LE(v, i * 4));
      return b;
    };
    const layout = Buffer.concat([
      Buffer.from('vae-workbench/dataset/v1\n'),
      u32(1, 2, 1, 2, 1),
      Buffer.from([0, 255, 128, 3]),
      i32(1, 0),
      Buffer.from([255, 7]),
      i32(2),
    ]);
    expect(contentHash(tiny())).toBe(createHash('sha256').update(layout).digest('hex'));
  });

  it('ignores float error below half a grey level', () => {
    const nudged = tiny();
    nudged.trainImages = nudged.trainImages.map((v) => v + 1e-4);
    expect(contentHash(nudged)).toBe(contentHash(tiny()));
  });

  it('changes with a pixel level, a label, the split point or the shape', () => {
    const base = contentHash(tiny());
    const pixel = tiny();
    pixel.testImages[1] = 8 / 255;
    const label = tiny();
    label.trainLabels[0] = 2;
    const moved: HashableDataset = {
      ...tiny(),
      trainImages: Float32Array.from([0, 1]),
      trainLabels: Int32Array.from([1]),
      testImages: Float32Array.from([128 / 255, 3 / 255, 1, 7 / 255]),
      testLabels: Int32Array.from([0, 2]),
    };
    const reshaped: HashableDataset = { ...tiny(), height: 2, width: 1 };
    const hashes = [base, ...[pixel, label, moved, reshaped].map(contentHash)];
    expect(new Set(hashes).size).toBe(5);
  });
});
