/**
 * The evaluation protocol: which points each number is computed on, and that they do not move with
 * the run's seed. Validation comes out of the training data, fixed per dataset; held-out targets are
 * binarized with constant seeds; the ELBO and the IWAE bound are reported on the same points.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../../src/shared/config';
import { runSplits } from '../../../../src/worker/data/evaluation-splits';
import { createModel } from '../../../../src/worker/models/model';
import { uploadDataset } from '../../../../src/worker/train/device-data';
import { evaluate } from '../../../../src/worker/train/evaluate';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

const rowKeys = (images: Float32Array, pixels: number) => {
  const keys: string[] = [];
  for (let i = 0; i < images.length / pixels; i++) keys.push(Array.from(images.subarray(i * pixels, (i + 1) * pixels), (v) => Math.round(v * 255)).join(','));
  return keys;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluation protocol', () => {
  it('holds out a stratified validation split of the training data, the same for every seed, disjoint from what trains', async () => {
    const data = await mnistSubset(2400, 200);
    const pixels = 784;
    const a = runSplits(data, 1 / 12);
    const b = runSplits(data, 1 / 12);
    expect(a.epochSplit).toBe('validation');
    expect(a.epochRows.labels).toHaveLength(200);
    expect(a.train.labels).toHaveLength(2200);
    expect(Array.from(a.epochRows.images)).toEqual(Array.from(b.epochRows.images));
    const train = new Set(rowKeys(a.train.images, pixels));
    const validation = rowKeys(a.epochRows.images, pixels);
    expect(validation.filter((key) => train.has(key))).toEqual([]);
    // Each digit gives its share, ±1.
    for (let digit = 0; digit < 10; digit++) {
      const share = data.trainLabels.filter((l) => l === digit).length / 12;
      expect(Math.abs(a.epochRows.labels.filter((l) => l === digit).length - share)).toBeLessThanOrEqual(1);
    }
    // The device data of two runs with different seeds evaluates and trains on the same points.
    const one = uploadDataset(data, smallConfig({ seed: 1, data: { validationFraction: 1 / 12, binarization: 'static' } }));
    const two = uploadDataset(data, smallConfig({ seed: 2, data: { validationFraction: 1 / 12, binarization: 'static' } }));
    try {
      expect(one.heldOutSplit).toBe('validation');
      expect(one.trainCount).toBe(2200);
      expect(Array.from(await one.heldOut.data())).toEqual(Array.from(await two.heldOut.data()));
    } finally {
      one.dispose();
      two.dispose();
    }
  });

  it('0 reproduces pytorch/examples: train on everything, evaluate each epoch on the test set', async () => {
    const data = await mnistSubset(600, 100);
    const splits = runSplits(data, 0);
    expect(splits.epochSplit).toBe('test');
    expect(splits.train.labels).toHaveLength(600);
    expect(splits.epochRows.labels).toHaveLength(100);
  });

  it('binarizes held-out targets identically whatever the run seed (dynamic and static binarization)', async () => {
    const data = await mnistSubset(300, 100);
    for (const binarization of ['static', 'dynamic'] as const) {
      const datas = [3, 4].map((seed) => uploadDataset(data, smallConfig({ seed, data: { binarization, validationFraction: 0 }, eval: { maxHeldOut: 0 } })));
      try {
        const [x, y] = await Promise.all(datas.map((d) => d.heldOut.data()));
        expect(new Set(x)).toEqual(new Set([0, 1]));
        expect(Array.from(x ?? [])).toEqual(Array.from(y ?? []));
      } finally {
        for (const d of datas) d.dispose();
      }
    }
  });

  it('reports the ELBO and the IWAE bound on the same points, each with a standard error; with K = 1 the two are one number', async () => {
    const data = await mnistSubset(300, 120);
    for (const k of [1, 20]) {
      const config: RunConfig = smallConfig({ data: { binarization: 'static', validationFraction: 0 }, eval: { maxHeldOut: 0 } });
      const device = uploadDataset(data, config);
      const model = createModel(config.model, data.info, config.seed, true);
      try {
        const { evaluation } = await evaluate(model, device.heldOutTargets, config, 1, 10, { iwaeK: k, iwaePoints: 50, latentPoints: 100, trainSubset: device.trainSubset });
        const iwae = evaluation.iwae;
        if (!iwae) throw new Error('expected an IWAE estimate');
        expect(iwae).toMatchObject({ k, points: 50 });
        expect(iwae.boundStdErr).toBeGreaterThan(0);
        expect(iwae.elboStdErr).toBeGreaterThan(0);
        if (k === 1) expect(iwae.bound).toBeCloseTo(iwae.elbo, 4);
        else expect(iwae.bound).toBeGreaterThan(iwae.elbo);
        // Binarized Bernoulli is a likelihood: the NLL is minus the bound.
        expect(iwae.nll).toBeCloseTo(-iwae.bound, 9);
        expect(evaluation.heldOutPoints).toBe(120);
        expect(evaluation.elboStdErr).toBeGreaterThan(0);
        expect(evaluation.trainSubset?.points).toBe(300);
        expect(evaluation.posteriorVariance).toHaveLength(config.model.latentDim);
        expect(evaluation.verdict?.points).toBe(100);
      } finally {
        model.dispose();
        device.dispose();
      }
    }
  });

  it('a run evaluates every epoch on validation and the test set once, when it finishes', async () => {
    const data = await mnistSubset(600, 100);
    const config = smallConfig({ data: { validationFraction: 1 / 6 }, optim: { epochs: 2 }, eval: { maxHeldOut: 0 } });
    const recorder = recordingSink();
    const outcome = await runTraining(config, recorder.sink, RUN_TO_END, { dataset: data });
    expect(outcome.status).toBe('finished');
    const epochs = recorder.of('evaluation').map((r) => r.evaluation);
    expect(epochs.map((e) => [e.epoch, e.split, e.heldOutPoints])).toEqual([
      [1, 'validation', 100],
      [2, 'validation', 100],
    ]);
    const tests = recorder.of('test-evaluation').map((r) => r.evaluation);
    expect(tests.map((e) => [e.epoch, e.split, e.heldOutPoints])).toEqual([[2, 'test', 100]]);
    // The test evaluation comes after the last validation one: nothing can have been selected on it.
    const types = recorder.reports.map((r) => r.type);
    expect(types.lastIndexOf('evaluation')).toBeLessThan(types.indexOf('test-evaluation'));
  });
});
