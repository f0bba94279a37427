import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dequantize, MAX_UNIFORM } from '../../../../src/worker/data/dequantize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dequantize', () => {
  it('maps every 8-bit level k/255 into its own bin [k/256, (k+1)/256), inside [0,1)', async () => {
    // Each of the 256 levels 400 times, as float32 (k/255 is not exact in float32).
    const pixels = Float32Array.from({ length: 256 * 400 }, (_, i) => (i % 256) / 255);
    const batch = tf.tensor1d(pixels);
    const out = dequantize(batch, 3);
    const values = await out.data();
    const outOfBin = Array.from(values).filter((v, i) => !(v >= (i % 256) / 256 && v < ((i % 256) + 1) / 256));
    expect(outOfBin).toEqual([]);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    tf.dispose([batch, out]);
  });

  it('is uniform within a bin: deciles hold 10% each, mean 1/2, variance 1/12', async () => {
    const n = 200_000;
    const level = 77;
    const batch = tf.fill([n], level / 255);
    const out = dequantize(batch, 11);
    const offsets = Array.from(await out.data(), (v) => v * 256 - level);
    const deciles = new Array<number>(10).fill(0);
    for (const u of offsets) {
      const decile = Math.min(9, Math.floor(u * 10));
      deciles[decile] = (deciles[decile] ?? 0) + 1;
    }
    // Each decile count is Binomial(n, 0.1): sd = sqrt(n·0.09) ≈ 134; allow 5 sd.
    deciles.forEach((count) => expect(Math.abs(count - n / 10)).toBeLessThan(5 * Math.sqrt(n * 0.09)));
    const mean = offsets.reduce((s, u) => s + u, 0) / n;
    const variance = offsets.reduce((s, u) => s + (u - mean) ** 2, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(variance).toBeCloseTo(1 / 12, 3);
    tf.dispose([batch, out]);
  });

  it('keeps the top bin below 1 even for the largest allowed noise, in float32', () => {
    expect(Math.fround(MAX_UNIFORM)).toBe(MAX_UNIFORM);
    const top = Math.fround(Math.fround(255 + MAX_UNIFORM) / 256);
    expect(top).toBeLessThan(1);
    expect(top).toBeGreaterThanOrEqual(255 / 256);
  });

  it('repeats for a seed, differs between seeds, keeps shape and leaks no tensors', async () => {
    const batch = tf.fill([8, 28, 28, 1], 0.5);
    const before = tf.memory().numTensors;
    const a = dequantize(batch, 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    const b = dequantize(batch, 1);
    const c = dequantize(batch, 2);
    expect(a.shape).toEqual([8, 28, 28, 1]);
    expect(await a.data()).toEqual(await b.data());
    expect(await a.data()).not.toEqual(await c.data());
    tf.dispose([batch, a, b, c]);
  });
});
