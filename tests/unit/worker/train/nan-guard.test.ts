import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StepMetrics } from '../../../../src/shared/training-report';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { ParameterSet } from '../../../../src/worker/models/parameters';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { diagnoseNonFinite, firstNonFiniteMetric, firstNonFiniteParameter } from '../../../../src/worker/train/nan-guard';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

let data: ImageDataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistSubset(640, 100);
});

const point = (step: number, values: Partial<StepMetrics>): StepMetrics => ({
  step,
  epoch: 0,
  loss: 1,
  recon: 1,
  kl: 0,
  vqLoss: null,
  beta: 1,
  gradNorm: 1,
  lr: 1e-3,
  samplesPerSec: 1,
  wallTime: 0,
  ...values,
});

describe('NaN guard', () => {
  it('finds the first non-finite quantity, in the order a step computes them', () => {
    expect(firstNonFiniteMetric([point(0, {}), point(1, {})])).toBeNull();
    expect(firstNonFiniteMetric([point(0, {}), point(1, { gradNorm: Infinity }), point(2, { kl: NaN, loss: NaN })])).toEqual({
      step: 1,
      epoch: 0,
      quantity: 'gradNorm',
      value: Infinity,
    });
    expect(firstNonFiniteMetric([point(4, { loss: NaN, recon: NaN, kl: Infinity })])?.quantity).toBe('kl');
  });

  it('names the first parameter holding NaN or Inf', async () => {
    const parameters = new ParameterSet(1);
    parameters.uniform('a', [3], 1);
    const b = parameters.uniform('b', [2, 2], 1);
    expect(await firstNonFiniteParameter(parameters)).toBeNull();
    b.assign(tf.tensor2d([[1, NaN], [0, 0]]));
    expect(await firstNonFiniteParameter(parameters)).toBe('b');
    parameters.dispose();
  });

  it('suggests the clamp first when the KL overflows with the clamp off', () => {
    const config = smallConfig({ optim: { logVarClamp: false } });
    const failure = diagnoseNonFinite({ step: 12, epoch: 0, quantity: 'kl', value: Infinity }, 'encoder/head/bias', config);
    expect(failure.diagnosis).toMatch(/^Training stopped at step 12 \(epoch 1\): the KL term became Infinity; parameter "encoder\/head\/bias"/);
    expect(failure.suggestions[0]).toMatch(/logVarClamp/);
    expect(failure.suggestions.join(' ')).toMatch(/lower the learning rate/);
  });

  it('brings an absurd learning rate back into a sensible range and mentions gradient clipping (lr = 1e4 is not "try 1000")', () => {
    const failure = diagnoseNonFinite({ step: 3, epoch: 0, quantity: 'loss', value: NaN }, null, smallConfig({ optim: { lr: 1e4 } }));
    expect(failure.suggestions[0]).toContain('try 0.001');
    expect(failure.suggestions[0]).not.toContain('try 1000');
    expect(failure.diagnosis).toMatch(/clip gradients/);
    // A rate already in a usual range is still lowered tenfold.
    const modest = diagnoseNonFinite({ step: 3, epoch: 0, quantity: 'loss', value: NaN }, null, smallConfig({ optim: { lr: 0.005 } }));
    expect(modest.suggestions[0]).toContain('try 0.0005');
  });

  it('stops a run made to diverge (lr = 1e6) with a diagnosis naming the step and the quantity', async () => {
    const recorder = recordingSink();
    const outcome = await runTraining(smallConfig({ optim: { lr: 1e6, epochs: 3 }, reportEverySteps: 10 }), recorder.sink, RUN_TO_END, { dataset: data });
    expect(outcome.status).toBe('failed');
    const failure = outcome.failure;
    expect(failure?.kind).toBe('non-finite');
    const points = recorder.of('metrics').flatMap((r) => r.steps);
    const firstBad = points.find((p) => [p.loss, p.recon, p.kl, p.gradNorm].some((v) => !Number.isFinite(v)));
    expect(firstBad).toBeDefined();
    expect(failure?.step).toBe(firstBad?.step);
    expect(failure?.quantity).toMatch(/^(kl|recon|loss|gradNorm)$/);
    expect(failure?.diagnosis).toContain(`step ${firstBad?.step}`);
    expect(failure?.suggestions[0]).toMatch(/lower the learning rate \(optim\.lr = 1000000; try 0\.001, Adam's usual range is 1e-4 to 1e-3\) and clip gradients/);
    // It stopped at the report that saw the problem, not at the end of the run.
    expect(outcome.step).toBeLessThan(60);
    expect(recorder.reports.at(-1)).toMatchObject({ type: 'failed' });
    expect(recorder.of('evaluation')).toHaveLength(0);
  });
});
