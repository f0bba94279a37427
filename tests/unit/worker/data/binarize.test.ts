import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamicBinarize, staticBinarize } from '../../../../src/worker/data/binarize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 100,000 pixels cycling through 11 known intensities, 0 and 1 included. */
const LEVELS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1];
const images = Float32Array.from({ length: 100_000 }, (_, i) => LEVELS[i % LEVELS.length] as number);
function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}
/** Standard deviation of the mean of independent Bernoulli(x_i) draws. */
const meanSd = Math.sqrt(images.reduce((s, x) => s + x * (1 - x), 0)) / images.length;

/** Fraction of ones among pixels of intensity LEVELS[level]. */
function onRate(binary: ArrayLike<number>, level: number): number {
  let ones = 0;
  let count = 0;
  for (let i = level; i < binary.length; i += LEVELS.length) {
    ones += binary[i] as number;
    count++;
  }
  return ones / count;
}

describe('staticBinarize', () => {
  const binary = staticBinarize(images, 42);

  it('draws 0 or 1 for every pixel', () => {
    expect(binary.length).toBe(images.length);
    expect(binary.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(staticBinarize(images, 42)).toEqual(binary);
    const other = staticBinarize(images, 43);
    expect(other).not.toEqual(binary);
  });

  it('has mean equal to the pixel mean (within 4 standard deviations)', () => {
    expect(Math.abs(mean(binary) - mean(images))).toBeLessThan(4 * meanSd);
  });

  it('turns each pixel on with probability equal to its intensity', () => {
    expect(onRate(binary, 0)).toBe(0);
    expect(onRate(binary, LEVELS.length - 1)).toBe(1);
    LEVELS.forEach((x, level) => {
      const n = Math.ceil((images.length - level) / LEVELS.length);
      expect(Math.abs(onRate(binary, level) - x)).toBeLessThanOrEqual(4 * Math.sqrt((x * (1 - x)) / n) + 1e-12);
    });
  });
});

describe('dynamicBinarize', () => {
  it('returns float32 0/1 of the batch shape, with the pixel mean, without leaking tensors', async () => {
    const batch = tf.tensor2d(images, [1000, 100]);
    const before = tf.memory().numTensors;
    const binary = dynamicBinarize(batch, 7);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(binary.shape).toEqual([1000, 100]);
    expect(binary.dtype).toBe('float32');
    const values = await binary.data();
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(Math.abs(mean(values) - mean(images))).toBeLessThan(4 * meanSd);
    LEVELS.forEach((x, level) => {
      const n = Math.ceil((images.length - level) / LEVELS.length);
      expect(Math.abs(onRate(values, level) - x)).toBeLessThanOrEqual(4 * Math.sqrt((x * (1 - x)) / n) + 1e-12);
    });
    tf.dispose([batch, binary]);
  });

  it('draws afresh for a new seed and repeats for the same seed', async () => {
    const batch = tf.fill([64, 784], 0.5);
    const [a, b, c] = [dynamicBinarize(batch, 1), dynamicBinarize(batch, 1), dynamicBinarize(batch, 2)];
    const [va, vb, vc] = await Promise.all([a.data(), b.data(), c.data()]);
    expect(va).toEqual(vb);
    expect(va).not.toEqual(vc);
    // Two independent draws at p = 0.5 agree on about half the pixels.
    const agree = mean(Array.from(va, (v, i) => (v === vc[i] ? 1 : 0)));
    expect(agree).toBeGreaterThan(0.45);
    expect(agree).toBeLessThan(0.55);
    tf.dispose([batch, a, b, c]);
  });
});
