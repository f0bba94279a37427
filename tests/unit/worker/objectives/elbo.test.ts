import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { elboTerms } from '../../../../src/worker/objectives/elbo';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const logPx = [-100, -120, -90];
// Three examples, four dimensions. Batch means per dimension: 0.02, 1.5, 0.3, 3.0.
const klPerDim = [
  [0.01, 1.0, 0.2, 3.0],
  [0.03, 2.0, 0.3, 2.5],
  [0.02, 1.5, 0.4, 3.5],
];
const meanKl = [0.02, 1.5, 0.3, 3.0];

function read(terms: ReturnType<typeof elboTerms>) {
  return {
    loss: terms.loss.dataSync()[0] ?? NaN,
    recon: terms.recon.dataSync()[0] ?? NaN,
    kl: terms.kl.dataSync()[0] ?? NaN,
    klPerDimMean: Array.from(terms.klPerDimMean.dataSync()),
  };
}

describe('elboTerms', () => {
  it('sums over pixels and dimensions and averages over the batch', () => {
    const got = tf.tidy(() => read(elboTerms({ logPx: tf.tensor1d(logPx), klPerDim: tf.tensor2d(klPerDim), beta: 1, freeBits: 0 })));
    expect(got.recon).toBeCloseTo(310 / 3, 4);
    meanKl.forEach((m, d) => expect(got.klPerDimMean[d]).toBeCloseTo(m, 5));
    expect(got.kl).toBeCloseTo(4.82, 5);
    expect(got.loss).toBeCloseTo(310 / 3 + 4.82, 4);
  });

  it('weights the KL by β, given as a number or a scalar tensor', () => {
    for (const beta of [0.25, tf.scalar(0.25)]) {
      const got = tf.tidy(() => read(elboTerms({ logPx: tf.tensor1d(logPx), klPerDim: tf.tensor2d(klPerDim), beta, freeBits: 0 })));
      expect(got.loss).toBeCloseTo(310 / 3 + 0.25 * 4.82, 4);
    }
  });

  it('with free bits, charges max(λ, mean KL_d) per dimension but reports the true KL', () => {
    const lambda = 0.5;
    const got = tf.tidy(() => read(elboTerms({ logPx: tf.tensor1d(logPx), klPerDim: tf.tensor2d(klPerDim), beta: 2, freeBits: lambda })));
    const klTerm = meanKl.reduce((sum, m) => sum + Math.max(lambda, m), 0); // 0.5 + 1.5 + 0.5 + 3.0
    expect(got.loss).toBeCloseTo(310 / 3 + 2 * klTerm, 4);
    expect(got.kl).toBeCloseTo(4.82, 5);
  });

  it('gives a dimension below λ zero KL gradient and a dimension above it β', () => {
    const beta = 0.7;
    const lambda = 0.5;
    const gradient = tf.tidy(() => {
      const g = tf.grad((kl: tf.Tensor) =>
        elboTerms({ logPx: tf.tensor1d(logPx), klPerDim: kl as tf.Tensor2D, beta, freeBits: lambda }).loss,
      )(tf.tensor2d(klPerDim));
      // d loss / d(mean KL_d) = Σ over the batch of d loss / d KL_{b,d}, since the mean spreads 1/B to each.
      return Array.from(tf.sum(g, 0).dataSync());
    });
    meanKl.forEach((m, d) => expect(gradient[d]).toBeCloseTo(m < lambda ? 0 : beta, 6));
  });

  it('gives recon the gradient −1/B per example', () => {
    const gradient = tf.tidy(() =>
      Array.from(
        tf
          .grad((lp: tf.Tensor) => elboTerms({ logPx: lp as tf.Tensor1D, klPerDim: tf.tensor2d(klPerDim), beta: 1, freeBits: 0.5 }).loss)(
            tf.tensor1d(logPx),
          )
          .dataSync(),
      ),
    );
    gradient.forEach((g) => expect(g).toBeCloseTo(-1 / 3, 6));
  });

  it('rejects mismatched batches and bad free bits or β, naming them', () => {
    const args = { logPx: tf.tensor1d([-1, -2]), klPerDim: tf.tensor2d(klPerDim), beta: 1, freeBits: 0 };
    expect(() => elboTerms(args)).toThrow(/same batch; got \[2\] and \[3, 4\]/);
    expect(() => elboTerms({ ...args, logPx: tf.tensor1d(logPx), freeBits: -1 })).toThrow(/freeBits must be a finite number ≥ 0/);
    expect(() => elboTerms({ ...args, logPx: tf.tensor1d(logPx), beta: Number.NaN })).toThrow(/beta must be a finite number ≥ 0/);
  });
});
