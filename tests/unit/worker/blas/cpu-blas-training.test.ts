/**
 * Training on 'cpu-blas' matches the JavaScript 'cpu' backend: the dense layer's hand-written
 * gradient (models/dense.ts) equals tf.matMul's stock one there too, and the mnist-vae network's
 * first 20 losses from the same seed agree with cpu's to 1e-3 relative, as the conv-vae's first 6 do
 * (the native convolutions against tf.conv2d).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, PRESETS, type BackendPreference } from '../../../../src/shared/config';
import { selectBackend } from '../../../../src/worker/backend/select-backend';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';
import { dense, denseReference, matMulExplicitTranspose, type Activation } from '../../../../src/worker/models/dense';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from '../train/fixtures';
import { blasAvailable, NEEDS_BLAS } from './blas-available';
import { tensorRelativeError as relativeError } from '../../../helpers/tensor-compare';

/** A loss that makes every output element matter differently, so a wrong gradient cannot hide. */
const weightedSum = (y: tf.Tensor, seed: number) => tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seed)));

describe.skipIf(!blasAvailable)(`training on cpu-blas ${NEEDS_BLAS}`, () => {
  beforeAll(async () => {
    await selectBackend(CPU_BLAS_BACKEND);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each<[Activation, boolean]>([
    ['relu', true],
    ['linear', true],
    ['relu', false],
  ])('dense %s (input gradient: %s): the custom gradient equals tf.matMul’s stock gradient', async (activation, inputNeedsGradient) => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const x = tf.randomNormal([16, 30], 0, 1, 'float32', 1);
    const w = tf.randomNormal([30, 20], 0, 0.3, 'float32', 2);
    const b = tf.randomNormal([20], 0, 1, 'float32', 3);
    const custom = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
      weightedSum(dense(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, activation, inputNeedsGradient), 9),
    )([x, w, b]);
    const stock = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
      weightedSum(denseReference(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, activation), 9),
    )([x, w, b]);
    expect(await relativeError(custom[1] as tf.Tensor, stock[1] as tf.Tensor)).toBeLessThan(1e-5);
    expect(await relativeError(custom[2] as tf.Tensor, stock[2] as tf.Tensor)).toBeLessThan(1e-5);
    if (inputNeedsGradient) expect(await relativeError(custom[0] as tf.Tensor, stock[0] as tf.Tensor)).toBeLessThan(1e-5);
    else expect(await tf.max(tf.abs(custom[0] as tf.Tensor)).data()).toEqual(new Float32Array([0]));
    const forward = dense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation);
    expect(await relativeError(forward, denseReference(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation))).toBeLessThan(1e-6);
  });

  it('the explicit-transpose matMul has the stock gradient', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const a = tf.randomNormal([12, 7], 0, 1, 'float32', 4);
    const c = tf.randomNormal([7, 5], 0, 1, 'float32', 5);
    const custom = tf.grads((ai: tf.Tensor, ci: tf.Tensor) => weightedSum(matMulExplicitTranspose(ai as tf.Tensor2D, ci as tf.Tensor2D), 6))([a, c]);
    const stock = tf.grads((ai: tf.Tensor, ci: tf.Tensor) => weightedSum(tf.matMul(ai, ci), 6))([a, c]);
    expect(await relativeError(custom[0] as tf.Tensor, stock[0] as tf.Tensor)).toBeLessThan(1e-5);
    expect(await relativeError(custom[1] as tf.Tensor, stock[1] as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('the mnist-vae network’s first 20 losses from one seed equal cpu’s within 1e-3 relative (as wasm’s do)', async () => {
    // Batch 32 rather than the preset's 128 keeps 20 steps on the JavaScript cpu backend to seconds;
    // the layers are the preset's (784-400-20).
    const dataset = await mnistSubset(640, 64);
    const lossesOn = async (backend: BackendPreference) => {
      const preset = PRESETS['mnist-vae'].config;
      // All 640 digits train (no validation split), so one epoch holds the 20 steps.
      const config = parseRunConfig({ ...preset, backend, data: { ...preset.data, validationFraction: 0 }, optim: { ...preset.optim, batchSize: 32, epochs: 1 }, reportEverySteps: 5, seed: 3 });
      const recorder = recordingSink();
      const outcome = await runTraining(config, recorder.sink, RUN_TO_END, { dataset, maxSteps: 20, evaluate: false });
      expect(outcome.status).not.toBe('failed');
      expect(recorder.of('started')[0]?.backend.name).toBe(backend);
      return recorder.losses();
    };
    const cpu = await lossesOn('cpu');
    const blas = await lossesOn(CPU_BLAS_BACKEND);
    const wasm = await lossesOn('wasm');
    expect(cpu).toHaveLength(20);
    const worst = (other: number[]) => Math.max(...other.map((loss, i) => Math.abs(loss - (cpu[i] as number)) / Math.abs(cpu[i] as number)));
    expect(blas).toHaveLength(20);
    expect(worst(blas)).toBeLessThan(1e-3);
    expect(worst(wasm)).toBeLessThan(1e-3);
    // Training moved: the comparison is over a loss that changes, not twenty copies of one value.
    expect(cpu[19] as number).toBeLessThan((cpu[0] as number) * 0.8);
  });

  it('the conv-vae network’s first 6 losses from one seed equal cpu’s within 1e-3 relative (native convolutions against tf.conv2d)', async () => {
    const dataset = await mnistSubset(256, 64);
    const lossesOn = async (backend: BackendPreference) => {
      const preset = PRESETS['conv-vae'].config;
      const config = parseRunConfig({ ...preset, backend, optim: { ...preset.optim, batchSize: 8, epochs: 1 }, reportEverySteps: 3, seed: 5 });
      const recorder = recordingSink();
      const outcome = await runTraining(config, recorder.sink, RUN_TO_END, { dataset, maxSteps: 6, evaluate: false });
      expect(outcome.status).not.toBe('failed');
      expect(recorder.of('started')[0]?.backend.name).toBe(backend);
      return recorder.losses();
    };
    const cpu = await lossesOn('cpu');
    const blas = await lossesOn(CPU_BLAS_BACKEND);
    expect(cpu.length).toBeGreaterThanOrEqual(5);
    expect(blas).toHaveLength(cpu.length);
    blas.forEach((loss, i) => expect(Math.abs(loss - (cpu[i] as number)) / Math.abs(cpu[i] as number), `step ${i}`).toBeLessThan(1e-3));
  }, 180_000);

  it('a run resumed from a checkpoint continues with exactly the losses of an uninterrupted one (fused Adam state included)', async () => {
    const dataset = await mnistSubset(640, 64);
    const root = await mkdtemp(path.join(tmpdir(), 'vae-cpu-blas-resume-'));
    try {
      const config = smallConfig({ backend: CPU_BLAS_BACKEND, optim: { epochs: 2 }, data: { binarization: 'dynamic' } });
      const uninterrupted = recordingSink();
      await runTraining(config, uninterrupted.sink, RUN_TO_END, { dataset, checkpointDir: path.join(root, 'full'), evaluate: false });
      const all = uninterrupted.losses();
      expect(all).toHaveLength(40);
      const firstPart = recordingSink();
      const stopped = await runTraining(config, firstPart.sink, RUN_TO_END, { dataset, maxSteps: 27, evaluate: false, checkpointDir: path.join(root, 'part') });
      expect(stopped.status).toBe('stopped');
      const secondPart = recordingSink();
      const resumed = await runTraining(config, secondPart.sink, RUN_TO_END, { dataset, resumeFrom: stopped.checkpointPath ?? '', evaluate: false, checkpointDir: path.join(root, 'part') });
      expect(resumed.status).toBe('finished');
      expect(secondPart.of('started')[0]?.backend.name).toBe(CPU_BLAS_BACKEND);
      expect([...firstPart.losses(), ...secondPart.losses()]).toEqual(all);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
