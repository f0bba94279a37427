/**
 * The gradient SNR as a run metric (diagnostics.gradientSnrEvery): reported on the chosen steps when
 * on and never when off, the same numbers as the gradient lab's estimator on the same batch and
 * noise, and no change to the run's own numbers (its noise has a stream of its own).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config';
import { TRAIN_KEYS } from '../../../../src/shared/metric-keys';
import { stepMetricsToPoints } from '../../../../src/shared/metric-points';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { measureEstimator } from '../../../../src/worker/gradients/gradient-lab';
import { HEAD_LOG_VAR_GROUP, HEAD_MU_GROUP, modelGradientProblem } from '../../../../src/worker/gradients/model-problem';
import { createModel } from '../../../../src/worker/models/model';
import { Random } from '../../../../src/worker/random';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { measureGradientSnr } from '../../../../src/worker/train/gradient-snr-metric';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

let data: ImageDataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistSubset(320, 50);
});

async function train(gradientSnrEvery: number) {
  const recorder = recordingSink();
  const tensorsBefore = tf.memory().numTensors;
  await runTraining(smallConfig({ model: { hidden: [32, 16] }, diagnostics: { gradientSnrEvery, gradientSnrEstimates: 4 } }), recorder.sink, RUN_TO_END, {
    dataset: data,
    maxSteps: 9,
    evaluate: false,
  });
  // Every tensor a measurement makes is freed with it.
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  return recorder.of('metrics').flatMap((report) => report.steps);
}

describe('gradient SNR run metric', () => {
  it('is reported every N steps when on, with a point per group, and never when off', async () => {
    const on = await train(4);
    expect(on.map((metrics) => metrics.step)).toEqual([...Array(9).keys()]);
    expect(on.filter((metrics) => metrics.gradientSnr).map((metrics) => metrics.step)).toEqual([0, 4, 8]);
    const first = on[0]?.gradientSnr;
    expect(first?.estimates).toBe(4);
    for (const value of [first?.all, first?.body, first?.headMu, first?.headLogVar]) {
      expect(value).toBeGreaterThan(0);
      expect(Number.isFinite(value)).toBe(true);
    }
    const keys = new Set(stepMetricsToPoints(on).map((point) => point.key));
    for (const key of [TRAIN_KEYS.gradientSnr, TRAIN_KEYS.gradientSnrBody, TRAIN_KEYS.gradientSnrHeadMu, TRAIN_KEYS.gradientSnrHeadLogVar]) expect(keys).toContain(key);

    const off = await train(0);
    expect(off.some((metrics) => metrics.gradientSnr !== undefined)).toBe(false);
    expect(stepMetricsToPoints(off).some((point) => point.key.startsWith(TRAIN_KEYS.gradientSnr))).toBe(false);
    // Measuring draws from its own stream and updates nothing: the run's numbers are the same.
    expect(on.map((metrics) => metrics.loss)).toEqual(off.map((metrics) => metrics.loss));
  });

  it('gives the gradient lab’s SNR on the same batch and noise, group by group', async () => {
    const config = parseRunConfig({ model: { hidden: [24, 12], latentDim: 3 }, seed: 5 });
    const model = createModel(config.model, data.info, config.seed, true);
    const pixels = data.info.height * data.info.width;
    const x = tf.tensor2d(data.trainImages.slice(0, 16 * pixels), [16, pixels]).div(255) as tf.Tensor2D;
    try {
      const metric = await measureGradientSnr(model, x, 6, 1234);
      const problem = modelGradientProblem(model, x);
      const { moments } = await measureEstimator(problem, 'reparameterization', 1, 6, new Random(1234));
      const lab = moments.summarizeGroups(problem.groups);
      const labSnr = (name: string) => lab.groups.find((group) => group.group === name)?.snr;
      expect(metric.all).toBeCloseTo(lab.total.snr, 10);
      expect(metric.headMu).toBeCloseTo(labSnr(HEAD_MU_GROUP) as number, 10);
      expect(metric.headLogVar).toBeCloseTo(labSnr(HEAD_LOG_VAR_GROUP) as number, 10);
      // The body is the two hidden layers together: the mean over their coordinates lies between theirs.
      const hidden = lab.groups.filter((group) => group.group !== HEAD_MU_GROUP && group.group !== HEAD_LOG_VAR_GROUP).map((group) => group.snr);
      expect(hidden).toHaveLength(2);
      expect(metric.body).toBeGreaterThanOrEqual(Math.min(...hidden));
      expect(metric.body).toBeLessThanOrEqual(Math.max(...hidden));
      expect(Math.min(...hidden)).toBeLessThan(Math.max(...hidden));
      // Another seed draws other noise: another estimate of the same SNR.
      expect((await measureGradientSnr(model, x, 6, 99)).all).not.toBe(metric.all);
    } finally {
      x.dispose();
      model.dispose();
    }
  });

  it('is refused for a model or objective it does not describe', () => {
    expect(() => parseRunConfig({ model: { kind: 'vq-vae' }, diagnostics: { gradientSnrEvery: 10 } })).toThrow(/gradient SNR/);
    expect(() => parseRunConfig({ objective: { kind: 'iwae' }, diagnostics: { gradientSnrEvery: 10 } })).toThrow(/gradient SNR/);
    expect(parseRunConfig({}).diagnostics).toEqual({ gradientSnrEvery: 0, gradientSnrEstimates: 8 });
  });
});
