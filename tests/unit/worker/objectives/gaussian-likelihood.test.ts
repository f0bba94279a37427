import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianLogLikelihood } from '../../../../src/worker/objectives/likelihoods';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The normal density itself, in float64; its log is the reference. */
function density(x: number, mean: number, sigma: number): number {
  return Math.exp(-((x - mean) ** 2) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
}

const x = [
  [0.1, 0.9, 0.5],
  [0.0, 1.0, 0.3],
];
const mean = [
  [0.2, 0.7, 0.5],
  [0.4, 0.8, -0.1],
];

function referencePerExample(sigmaAt: (b: number, k: number) => number): number[] {
  return x.map((row, b) => row.reduce((sum, xi, k) => sum + Math.log(density(xi, mean[b]?.[k] ?? 0, sigmaAt(b, k))), 0));
}

describe('gaussianLogLikelihood', () => {
  it('matches the closed-form density with a fixed σ given as a number', () => {
    const got = tf.tidy(() => Array.from(gaussianLogLikelihood(tf.tensor2d(x), tf.tensor2d(mean), Math.log(0.1)).dataSync()));
    referencePerExample(() => 0.1).forEach((e, b) => expect(got[b]).toBeCloseTo(e, 4));
  });

  it('matches it with a learned per-pixel σ and with a per-example σ that broadcasts', () => {
    const logScales = [
      [-1, 0.5, -2],
      [0, -0.3, 1],
    ];
    const perPixel = tf.tidy(() =>
      Array.from(gaussianLogLikelihood(tf.tensor2d(x), tf.tensor2d(mean), tf.tensor2d(logScales)).dataSync()),
    );
    referencePerExample((b, k) => Math.exp(logScales[b]?.[k] ?? 0)).forEach((e, b) => expect(perPixel[b]).toBeCloseTo(e, 4));

    const perExample = tf.tidy(() =>
      Array.from(gaussianLogLikelihood(tf.tensor2d(x), tf.tensor2d(mean), tf.tensor2d([[-0.5], [0.2]])).dataSync()),
    );
    referencePerExample((b) => Math.exp(b === 0 ? -0.5 : 0.2)).forEach((e, b) => expect(perExample[b]).toBeCloseTo(e, 4));
  });

  it('has the gradient (x − mean)/σ² in the mean', () => {
    const gradient = tf.tidy(() => {
      const m = tf.tensor2d(mean);
      return Array.from(tf.grad((t: tf.Tensor) => tf.sum(gaussianLogLikelihood(tf.tensor2d(x), t, Math.log(0.5))))(m).dataSync());
    });
    x.flat().forEach((xi, i) => expect(gradient[i]).toBeCloseTo((xi - (mean.flat()[i] ?? 0)) / 0.25, 4));
  });

  it('rejects a logScale that would broadcast x to a larger shape', () => {
    expect(() => gaussianLogLikelihood(tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([4, 2, 3]))).toThrow(
      /x broadcast with logScale has shape \[4, 2, 3\]/,
    );
  });
});
