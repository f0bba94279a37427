/** The real datasets, when this machine has them (they are never committed). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadIdxFolder } from '../../../../src/worker/data/idx';

/** shared/ sits beside the checkout (see shared/ENVIRONMENT.md). */
const MNIST_DIR = fileURLToPath(new URL('../../../../../shared/datasets/mnist', import.meta.url));
/** Where Debian's dataset-fashion-mnist package puts the files. */
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

const haveMnist = existsSync(MNIST_DIR);
const haveFashion = existsSync(FASHION_DIR);

const perClass = (labels: Int32Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
const mean = (values: Float32Array) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('full IDX datasets', () => {
  it.skipIf(!haveMnist)(`full MNIST loads to 60k/10k${haveMnist ? '' : ` (skipped: ${MNIST_DIR} not found)`}`, async () => {
    const mnist = await loadIdxFolder(MNIST_DIR, 'mnist');
    expect(mnist.info).toMatchObject({ height: 28, width: 28, channels: 1, trainCount: 60000, testCount: 10000 });
    // The published class counts and mean intensity of MNIST.
    expect(perClass(mnist.trainLabels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(perClass(mnist.testLabels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(mean(mnist.trainImages)).toBeCloseTo(0.1307, 4);
  });

  it.skipIf(!haveFashion)(
    `full Fashion-MNIST loads to 60k/10k${haveFashion ? '' : ` (skipped: ${FASHION_DIR} not found; apt-get install dataset-fashion-mnist)`}`,
    async () => {
      const fashion = await loadIdxFolder(FASHION_DIR, 'fashion-mnist');
      expect(fashion.info).toMatchObject({ height: 28, width: 28, channels: 1, trainCount: 60000, testCount: 10000 });
      expect(perClass(fashion.trainLabels)).toEqual(Array(10).fill(6000));
      expect(perClass(fashion.testLabels)).toEqual(Array(10).fill(1000));
      expect(mean(fashion.trainImages)).toBeCloseTo(0.286, 3);
    },
  );
});
