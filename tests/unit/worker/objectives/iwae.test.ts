import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussianLogLikelihood } from '../../../../src/worker/objectives/likelihoods';
import { iwaeBound, logNormalDiag, logStandardNormal, repeatRows } from '../../../../src/worker/objectives/iwae';
import { reparameterize } from '../../../../src/worker/objectives/reparameterize';
import { Random } from '../../../../src/worker/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A linear-Gaussian model with known marginal: z ~ N(0, I₂), x | z ~ N(Wz + b, σ²I₄).
 * The exact posterior is N(m(x), Σ) with Σ⁻¹ = Λ = I + WᵀW/σ² and m(x) = Σ Wᵀ(x − b)/σ², so
 * log p(x) = log p(x | m) + log p(m) − log p(m | x) = log p(x | m) + log p(m) + log 2π + ½ log det Σ.
 */
const W: [number, number][] = [
  [1.0, -0.5],
  [0.3, 0.8],
  [-0.7, 0.2],
  [0.5, 1.2],
];
const b = [0.1, -0.2, 0.3, 0.0];
const SIGMA_X = 0.5;
const DZ = 2;

/** Λ = I + WᵀW/σ², symmetric 2 × 2 as [[l11, l12], [l12, l22]], and Σ = Λ⁻¹ likewise. */
const l11 = 1 + W.reduce((s, [w1]) => s + w1 * w1, 0) / SIGMA_X ** 2;
const l22 = 1 + W.reduce((s, [, w2]) => s + w2 * w2, 0) / SIGMA_X ** 2;
const l12 = W.reduce((s, [w1, w2]) => s + w1 * w2, 0) / SIGMA_X ** 2;
const detLambda = l11 * l22 - l12 * l12;
const s11 = l22 / detLambda;
const s22 = l11 / detLambda;
const s12 = -l12 / detLambda;

function decode([z1, z2]: [number, number]): number[] {
  return W.map(([w1, w2], k) => w1 * z1 + w2 * z2 + (b[k] ?? 0));
}

function posteriorMean(x: number[]): [number, number] {
  let r1 = 0;
  let r2 = 0;
  W.forEach(([w1, w2], k) => {
    const residual = ((x[k] ?? 0) - (b[k] ?? 0)) / SIGMA_X ** 2;
    r1 += w1 * residual;
    r2 += w2 * residual;
  });
  return [s11 * r1 + s12 * r2, s12 * r1 + s22 * r2];
}

function logMarginal(x: number[]): number {
  const m = posteriorMean(x);
  const logLik = decode(m).reduce(
    (s, mean, k) => s - 0.5 * Math.log(2 * Math.PI * SIGMA_X ** 2) - ((x[k] ?? 0) - mean) ** 2 / (2 * SIGMA_X ** 2),
    0,
  );
  const logPrior = -Math.log(2 * Math.PI) - 0.5 * (m[0] ** 2 + m[1] ** 2);
  return logLik + logPrior + Math.log(2 * Math.PI) - 0.5 * Math.log(detLambda);
}

/** A deliberately imperfect diagonal encoder: posterior mean shifted by 0.3, variances doubled. */
function encoder(x: number[]): { mu: [number, number]; logVar: [number, number] } {
  const [m1, m2] = posteriorMean(x);
  return { mu: [m1 + 0.3, m2 + 0.3], logVar: [Math.log(2 * s11), Math.log(2 * s22)] };
}

/** ELBO = log p(x) − KL(q ‖ p(z | x)), the KL between the diagonal q and the full-covariance posterior. */
function exactElbo(x: number[]): number {
  const { mu, logVar } = encoder(x);
  const [v1, v2] = [Math.exp(logVar[0]), Math.exp(logVar[1])];
  const [m1, m2] = posteriorMean(x);
  const [d1, d2] = [m1 - mu[0], m2 - mu[1]];
  const trace = l11 * v1 + l22 * v2;
  const quadratic = l11 * d1 * d1 + 2 * l12 * d1 * d2 + l22 * d2 * d2;
  const kl = 0.5 * (trace + quadratic - DZ - Math.log(detLambda) - Math.log(v1 * v2));
  return logMarginal(x) - kl;
}

const N = 50;
const K_MAX = 4000;

function sampleData(rng: Random): number[][] {
  return Array.from({ length: N }, () => decode([rng.normal(), rng.normal()]).map((mean) => mean + SIGMA_X * rng.normal()));
}

/** log w[k, i] = log p(x_i | z_k) + log p(z_k) − log q(z_k | x_i), with z_k = μ + σε, as [K_MAX, N]. */
function logWeights(data: number[][], rng: Random): tf.Tensor2D {
  return tf.tidy(() => {
    const enc = data.map(encoder);
    const mu = tf.tensor2d(enc.map((e) => e.mu)); // [N, DZ], broadcasts over K
    const logVar = tf.tensor2d(enc.map((e) => e.logVar));
    const eps = tf.tensor3d(Float32Array.from({ length: K_MAX * N * DZ }, () => rng.normal()), [K_MAX, N, DZ]);
    const z = reparameterize(mu, logVar, eps); // [K, N, DZ]
    const flatZ = z.reshape([K_MAX * N, DZ]);
    const decoded = tf.matMul(flatZ, tf.tensor2d(W), false, true).add(tf.tensor1d(b));
    const x = tf.tile(tf.tensor2d(data), [K_MAX, 1]);
    const logPxGivenZ = gaussianLogLikelihood(x, decoded, Math.log(SIGMA_X)).reshape([K_MAX, N]);
    return logPxGivenZ.add(logStandardNormal(z)).sub(logNormalDiag(z, mu, logVar)) as tf.Tensor2D;
  });
}

/** Mean over data points and over the K_MAX/K disjoint groups of K samples of the IWAE_K bound. */
function meanIwae(weights: tf.Tensor2D, k: number): number {
  return tf.tidy(() => {
    const groups = K_MAX / k;
    const perGroup = tf.stack(
      Array.from({ length: groups }, (_, g) => iwaeBound(weights.slice([g * k, 0], [k, N]) as tf.Tensor2D)),
    );
    return tf.mean(perGroup).dataSync()[0] ?? NaN;
  });
}

describe('iwaeBound on a linear-Gaussian model with known log p(x)', () => {
  const rng = new Random(11);
  const data = sampleData(rng);
  const weights = logWeights(data, rng);
  const logPx = data.reduce((sum, x) => sum + logMarginal(x), 0) / N;
  const elbo = data.reduce((sum, x) => sum + exactElbo(x), 0) / N;
  const ks = [1, 10, 100, 1000, 4000];
  const bounds = ks.map((k) => meanIwae(weights, k));
  afterAll(() => weights.dispose());

  it('with K = 1 is the log weight itself, whose average is the closed-form ELBO', () => {
    const [single, row] = tf.tidy(() => {
      const first = weights.slice([0, 0], [1, N]) as tf.Tensor2D;
      return [Array.from(iwaeBound(first).dataSync()), Array.from(first.dataSync())];
    });
    single?.forEach((v, i) => expect(v).toBeCloseTo(row?.[i] ?? NaN, 5));
    // 200,000 samples: the Monte Carlo error is about 0.005 nats here.
    expect(Math.abs((bounds[0] ?? NaN) - elbo)).toBeLessThan(0.02);
    expect(logPx - elbo).toBeGreaterThan(0.2); // the encoder is imperfect enough for the test to mean something
  });

  it('rises with K, stays below log p(x), and approaches it', () => {
    for (let i = 1; i < ks.length; i++) expect(bounds[i]).toBeGreaterThan(bounds[i - 1] ?? Infinity);
    for (const bound of bounds) expect(bound).toBeLessThan(logPx + 0.005);
    const gapAtOne = logPx - (bounds[0] ?? NaN);
    const gapAtMost = logPx - (bounds[ks.length - 1] ?? NaN);
    expect(Math.abs(gapAtMost)).toBeLessThan(0.01);
    expect(Math.abs(gapAtMost)).toBeLessThan(gapAtOne / 20);
  });

  it('is stable for log weights far below zero and has softmax weights as its gradient', () => {
    const logW = [
      [-1000, -500],
      [-1001, -502],
      [-1002, -501],
    ];
    const [bound, gradient] = tf.tidy(() => {
      const t = tf.tensor2d(logW);
      return [Array.from(iwaeBound(t).dataSync()), Array.from(tf.grad((w: tf.Tensor) => tf.sum(iwaeBound(w as tf.Tensor2D)))(t).dataSync())];
    });
    [0, 1].forEach((i) => {
      const column = logW.map((row) => row[i] ?? 0);
      const max = Math.max(...column);
      const sum = column.reduce((s, v) => s + Math.exp(v - max), 0);
      expect(bound?.[i]).toBeCloseTo(max + Math.log(sum / 3), 3);
      column.forEach((v, k) => expect(gradient?.[k * 2 + i]).toBeCloseTo(Math.exp(v - max) / sum, 5));
    });
  });
});

describe('log densities and bits per dimension', () => {
  it('logNormalDiag and logStandardNormal match the closed-form densities', () => {
    const z = [0.3, -1.1, 2.0];
    const mu = [0.1, -0.5, 1.0];
    const logVar = [-1, 0.5, 2];
    const [diag, standard] = tf.tidy(() => [
      logNormalDiag(tf.tensor2d([z]), tf.tensor2d([mu]), tf.tensor2d([logVar])).dataSync()[0],
      logStandardNormal(tf.tensor2d([z])).dataSync()[0],
    ]);
    const expectedDiag = z.reduce((s, zi, d) => {
      const v = Math.exp(logVar[d] ?? 0);
      return s + Math.log(Math.exp(-((zi - (mu[d] ?? 0)) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v));
    }, 0);
    const expectedStandard = z.reduce((s, zi) => s + Math.log(Math.exp(-(zi * zi) / 2) / Math.sqrt(2 * Math.PI)), 0);
    expect(diag).toBeCloseTo(expectedDiag, 5);
    expect(standard).toBeCloseTo(expectedStandard, 5);
  });
});

describe('repeatRows (the data laid out for K samples)', () => {
  it('equals tf.tile along the first axis, so row k·B + b is row b', async () => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const repeated = repeatRows(x, 3);
    expect(repeated.shape).toEqual([6, 3]);
    expect(await repeated.array()).toEqual(await tf.tile(x, [3, 1]).array());
    expect(await repeatRows(x, 1).array()).toEqual(await x.array());
  });

  it('refuses a k that is not a whole number ≥ 1', () => {
    expect(() => repeatRows(tf.zeros([2, 2]), 0)).toThrow(/k must be a whole number ≥ 1, got 0/);
    expect(() => repeatRows(tf.zeros([2, 2]), 1.5)).toThrow(/got 1.5/);
  });
});
