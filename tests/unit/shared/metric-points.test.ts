/** The worker's reports as stored points: one wall-time unit (Unix ms, the worker's clock) from report to store. */
import { describe, expect, it } from 'vitest';
import { EVAL_KEYS, TRAIN_KEYS } from '../../../src/shared/metric-keys';
import { evaluationToPoints, stepMetricsToPoints } from '../../../src/shared/metric-points';
import type { EpochEvaluation, StepMetrics } from '../../../src/shared/training-report';

const WALL_TIME = 1_750_000_123_456;

const step: StepMetrics = { step: 7, epoch: 1, loss: 150, recon: 120, kl: 30, vqLoss: null, beta: 0.5, gradNorm: 4, lr: 0.001, samplesPerSec: 2000, wallTime: WALL_TIME };

describe('report to points', () => {
  it('gives one point per step metric at the step’s own wall time, in milliseconds', () => {
    const points = stepMetricsToPoints([step, { ...step, step: 8, vqLoss: 0.25, wallTime: WALL_TIME + 40 }]);
    expect(points.filter((point) => point.step === 7).map((point) => point.key)).toEqual([
      TRAIN_KEYS.loss,
      TRAIN_KEYS.recon,
      TRAIN_KEYS.kl,
      TRAIN_KEYS.beta,
      TRAIN_KEYS.gradNorm,
      TRAIN_KEYS.lr,
      TRAIN_KEYS.samplesPerSec,
    ]);
    expect(points.find((point) => point.step === 8 && point.key === TRAIN_KEYS.vqLoss)?.value).toBe(0.25);
    expect(new Set(points.map((point) => point.wallTime))).toEqual(new Set([WALL_TIME, WALL_TIME + 40]));
  });

  it('stamps an evaluation’s points with the wall time its report gives', () => {
    const evaluation = {
      epoch: 2,
      step: 1080,
      elbo: -110,
      recon: 90,
      kl: 20,
      activeUnits: { count: 5, variances: [], active: [] },
      verdict: null,
      iwae: null,
      trainSubset: null,
      mutualInformation: null,
      codebook: null,
    } as unknown as EpochEvaluation;
    const points = evaluationToPoints(evaluation, WALL_TIME);
    expect(points.map((point) => point.key)).toEqual([EVAL_KEYS.elbo, EVAL_KEYS.recon, EVAL_KEYS.kl, EVAL_KEYS.activeUnits]);
    expect(points.every((point) => point.wallTime === WALL_TIME && point.step === 1080 && point.epoch === 2)).toBe(true);
  });
});
