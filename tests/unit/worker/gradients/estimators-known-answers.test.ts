/**
 * Known answers for the gradient-estimator lab, on a linear-Gaussian model whose true gradient and
 * estimator variances are closed forms (linear-gaussian.ts): every estimator is unbiased (its mean
 * is within Monte Carlo error of the truth), its variance matches the closed form, the
 * reparameterization variance is the lowest, and variance falls as 1/L.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADIENT_ESTIMATORS, type GradientEstimatorName } from '../../../../src/shared/gradient-lab';
import { estimateEncoderGradient } from '../../../../src/worker/gradients/estimators';
import { measureEstimator } from '../../../../src/worker/gradients/gradient-lab';
import { Random } from '../../../../src/worker/random';
import { estimatorVariance, linearGaussianProblem, trueGradient, type LinearGaussian } from './linear-gaussian';

const MODEL: LinearGaussian = {
  w: [1.5, -0.8, 0.5],
  s: 0.7,
  y: [0.9, -0.4, 1.2],
  mu: [0.2, -0.1, 0.5],
  logVar: [Math.log(0.3), Math.log(0.6), Math.log(1.1)],
};
const K = MODEL.w.length;
const REPLICATES = 2000;

let problem: ReturnType<typeof linearGaussianProblem>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  problem = linearGaussianProblem(MODEL);
});
afterAll(() => problem.dispose());

interface Sampled {
  mean: number[];
  variance: number[];
  /** Standard errors of the mean and of the variance, from the samples' own second and fourth moments. */
  meanError: number[];
  varianceError: number[];
}

/** R estimates kept whole (not just their moments), so the test can compute its own errors. */
function sample(estimator: GradientEstimatorName, samples: number, replicates: number, seed: number): Sampled {
  const random = new Random(seed);
  const rows: number[][] = [];
  for (let r = 0; r < replicates; r++) {
    const eps = tf.tensor2d(Array.from({ length: samples }, () => Array.from({ length: K }, () => random.normal())));
    const grads = estimateEncoderGradient(problem, estimator, eps, samples);
    rows.push(grads.flatMap((g) => Array.from(g.dataSync())));
    tf.dispose([eps, ...grads]);
  }
  const width = 2 * K;
  const mean = Array.from({ length: width }, (_, i) => rows.reduce((sum, row) => sum + (row[i] as number), 0) / replicates);
  const central = (i: number, p: number) => rows.reduce((sum, row) => sum + ((row[i] as number) - (mean[i] as number)) ** p, 0) / replicates;
  const variance = mean.map((_, i) => (central(i, 2) * replicates) / (replicates - 1));
  return {
    mean,
    variance,
    meanError: variance.map((v) => Math.sqrt(v / replicates)),
    varianceError: mean.map((_, i) => Math.sqrt(Math.max(central(i, 4) - central(i, 2) ** 2, 0) / replicates)),
  };
}

const truth = trueGradient(MODEL);
const truthFlat = [...truth.mu, ...truth.logVar];
const closedFlat = (estimator: GradientEstimatorName, samples: number) => {
  const v = estimatorVariance(MODEL, estimator, samples);
  return [...v.mu, ...v.logVar];
};

describe.each(GRADIENT_ESTIMATORS.map((estimator, i) => [estimator, i] as const))('%s on a linear-Gaussian model', (estimator, index) => {
  let measured: Sampled;
  beforeAll(() => {
    measured = sample(estimator, 1, REPLICATES, 1000 + index);
  });

  it('is unbiased: its mean is within 4 standard errors of the closed-form gradient', () => {
    truthFlat.forEach((expected, i) => {
      expect(Math.abs((measured.mean[i] as number) - expected)).toBeLessThan(4 * (measured.meanError[i] as number));
    });
  });

  it('has the closed-form variance (within 4 standard errors of the sample variance)', () => {
    closedFlat(estimator, 1).forEach((expected, i) => {
      expect(Math.abs((measured.variance[i] as number) - expected)).toBeLessThan(4 * (measured.varianceError[i] as number));
    });
  });

  it('has variance falling as 1/L: L = 8 matches the closed form divided by 8', () => {
    const eight = sample(estimator, 8, 1000, 2000 + index);
    closedFlat(estimator, 8).forEach((expected, i) => {
      expect(expected).toBeCloseTo((closedFlat(estimator, 1)[i] as number) / 8, 12);
      expect(Math.abs((eight.variance[i] as number) - expected)).toBeLessThan(4 * (eight.varianceError[i] as number));
      expect(Math.abs((eight.mean[i] as number) - (truthFlat[i] as number))).toBeLessThan(4 * (eight.meanError[i] as number));
    });
  });
});

describe('the estimators compared', () => {
  it('reparameterization has the lowest variance in every coordinate, and the baseline lowers the score function’s', () => {
    const reparam = closedFlat('reparameterization', 1);
    const score = closedFlat('score-function', 1);
    const baseline = closedFlat('score-function-baseline', 1);
    reparam.forEach((v, i) => {
      expect(v).toBeLessThan(baseline[i] as number);
      expect(baseline[i] as number).toBeLessThan(score[i] as number);
    });
    // And measured, not only in closed form: the lab's own loop on the same model.
    const measuredVariance = (estimator: GradientEstimatorName) =>
      measureEstimator(problem, estimator, 1, 400, new Random(7)).then(({ moments }) => moments.summarizeGroups(problem.groups).total.variance);
    return Promise.all([measuredVariance('reparameterization'), measuredVariance('score-function-baseline'), measuredVariance('score-function')]).then(([r, b, s]) => {
      expect(r).toBeLessThan(b);
      expect(b).toBeLessThan(s);
    });
  });

  it('the lab’s Welford moments equal a direct two-pass computation on the same noise', async () => {
    // Both draw ε row by row from the same seeded stream, so they see the same estimates.
    const { moments } = await measureEstimator(problem, 'score-function', 4, 50, new Random(11));
    const direct = sample('score-function', 4, 50, 11);
    for (let i = 0; i < 2 * K; i++) {
      const variable = i < K ? 0 : 1;
      expect(moments.means[variable]?.[i % K]).toBeCloseTo(direct.mean[i] as number, 9);
      expect(moments.variance(variable, i % K)).toBeCloseTo(direct.variance[i] as number, 7);
    }
    const stats = moments.summarizeGroups(problem.groups);
    expect(stats.groups.map((g) => g.size)).toEqual([K, K]);
    expect(stats.total.variance).toBeCloseTo(direct.variance.reduce((a, b) => a + b, 0) / (2 * K), 7);
    const snrs = direct.mean.map((m, i) => Math.abs(m) / Math.sqrt(direct.variance[i] as number));
    expect(stats.total.snr).toBeCloseTo(snrs.reduce((a, b) => a + b, 0) / snrs.length, 7);
  });

  it('keeps no tensors across estimates', async () => {
    await measureEstimator(problem, 'reparameterization', 2, 3, new Random(1));
    const before = tf.memory().numTensors;
    for (const estimator of GRADIENT_ESTIMATORS) await measureEstimator(problem, estimator, 4, 5, new Random(2));
    expect(tf.memory().numTensors).toBe(before);
  });
});
