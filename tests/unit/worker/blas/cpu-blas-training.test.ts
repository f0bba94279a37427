/**
 * Training on 'cpu-blas' matches the JavaScript 'cpu' backend: the mnist-vae network's first 20
 * losses from the same seed agree with cpu's to 1e-3 relative, as the conv-vae's first 6 do (the
 * native convolutions against tf.conv2d). The dense layer's hand-written gradient is checked on
 * cpu-blas with the other backends, in models/custom-gradients.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseRunConfig, PRESETS, type BackendPreference, type RunConfigInput } from '../../../../src/shared/config';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from '../train/fixtures';
import { describeOnCpuBlas } from './blas-available';

/** The losses of the first `steps` steps of `config` on `backend`, evaluation off. */
async function firstLosses(config: RunConfigInput, backend: BackendPreference, dataset: ImageDataset, steps: number): Promise<number[]> {
  const recorder = recordingSink();
  const outcome = await runTraining(parseRunConfig({ ...config, backend }), recorder.sink, RUN_TO_END, { dataset, maxSteps: steps, evaluate: false });
  expect(outcome.status).not.toBe('failed');
  expect(recorder.of('started')[0]?.backend.name).toBe(backend);
  return recorder.losses();
}

/** The largest |loss − reference| / |reference| over the steps. */
function worstRelativeDifference(losses: readonly number[], reference: readonly number[]): number {
  return Math.max(...losses.map((loss, i) => Math.abs(loss - (reference[i] as number)) / Math.abs(reference[i] as number)));
}

describeOnCpuBlas('training on cpu-blas', () => {
  it('the mnist-vae network’s first 20 losses from one seed equal cpu’s within 1e-3 relative (as wasm’s do)', async () => {
    // Batch 32 rather than the preset's 128 keeps 20 steps on the JavaScript cpu backend to seconds;
    // the layers are the preset's (784-400-20).
    const dataset = await mnistSubset(640, 64);
    const preset = PRESETS['mnist-vae'].config;
    // All 640 digits train (no validation split), so one epoch holds the 20 steps.
    const config = { ...preset, data: { ...preset.data, validationFraction: 0 }, optim: { ...preset.optim, batchSize: 32, epochs: 1 }, reportEverySteps: 5, seed: 3 };
    const cpu = await firstLosses(config, 'cpu', dataset, 20);
    const blas = await firstLosses(config, CPU_BLAS_BACKEND, dataset, 20);
    const wasm = await firstLosses(config, 'wasm', dataset, 20);
    expect(cpu).toHaveLength(20);
    expect(blas).toHaveLength(20);
    expect(worstRelativeDifference(blas, cpu)).toBeLessThan(1e-3);
    expect(worstRelativeDifference(wasm, cpu)).toBeLessThan(1e-3);
    // Training moved: the comparison is over a loss that changes, not twenty copies of one value.
    expect(cpu[19] as number).toBeLessThan((cpu[0] as number) * 0.8);
  });

  it('the conv-vae network’s first 6 losses from one seed equal cpu’s within 1e-3 relative (native convolutions against tf.conv2d)', async () => {
    const dataset = await mnistSubset(256, 64);
    const preset = PRESETS['conv-vae'].config;
    const config = { ...preset, optim: { ...preset.optim, batchSize: 8, epochs: 1 }, reportEverySteps: 3, seed: 5 };
    const cpu = await firstLosses(config, 'cpu', dataset, 6);
    const blas = await firstLosses(config, CPU_BLAS_BACKEND, dataset, 6);
    expect(cpu.length).toBeGreaterThanOrEqual(5);
    expect(blas).toHaveLength(cpu.length);
    expect(worstRelativeDifference(blas, cpu)).toBeLessThan(1e-3);
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
