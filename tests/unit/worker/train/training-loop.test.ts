import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_TO_END, TrainingController } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

let data: ImageDataset;
beforeAll(async () => {
  data = await mnistSubset(1600, 100);
});

describe('training loop', () => {
  it('keeps tf.memory().numTensors constant over 50 steps and frees everything at the end', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const outcome = await runTraining(
      smallConfig({ optim: { epochs: 3 } }),
      (report) => {
        if (report.type === 'metrics') counts.push(tf.memory().numTensors);
      },
      RUN_TO_END,
      { dataset: data, maxSteps: 50, evaluate: false, reportEveryMs: Number.POSITIVE_INFINITY },
    );
    expect(outcome.status).toBe('stopped');
    expect(outcome.step).toBe(50);
    expect(counts).toHaveLength(10);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('same seed → identical losses; a different seed → different ones', async () => {
    const losses = async (seed: number) => {
      const recorder = recordingSink();
      await runTraining(smallConfig({ seed, data: { binarization: 'dynamic' } }), recorder.sink, RUN_TO_END, { dataset: data, maxSteps: 20, evaluate: false });
      return recorder.losses();
    };
    const first = await losses(11);
    const again = await losses(11);
    const other = await losses(12);
    expect(first).toHaveLength(20);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(other[0]).not.toBe(first[0]);
  });

  it('streams metrics with the schedule’s β, the lr and a throughput', async () => {
    const recorder = recordingSink();
    await runTraining(
      smallConfig({ objective: { beta: 2, klSchedule: { kind: 'linear', warmupSteps: 10 } }, optim: { gradClipNorm: 50 } }),
      recorder.sink,
      RUN_TO_END,
      { dataset: data, maxSteps: 15, evaluate: false },
    );
    const points = recorder.of('metrics').flatMap((r) => r.steps);
    expect(points.map((p) => p.step)).toEqual([...Array(15).keys()]);
    expect(points.map((p) => p.beta).slice(0, 3)).toEqual([0, 0.2, 0.4]);
    expect(points[12]?.beta).toBe(2);
    for (const p of points) {
      expect(p.lr).toBe(1e-3);
      expect(p.samplesPerSec).toBeGreaterThan(0);
      expect(p.vqLoss).toBeNull();
      expect(Number.isFinite(p.gradNorm)).toBe(true);
      // loss = recon + β·KL for the ELBO without free bits.
      expect(p.loss).toBeCloseTo(p.recon + p.beta * p.kl, 2);
    }
  });

  it('pauses, resumes and stops between steps through the control', async () => {
    const controller = new TrainingController();
    const recorder = recordingSink();
    let reportsSeen = 0;
    const run = runTraining(
      smallConfig({ optim: { epochs: 5 } }),
      (report) => {
        recorder.sink(report);
        if (report.type !== 'metrics') return;
        reportsSeen++;
        if (reportsSeen === 2) controller.pause();
        if (reportsSeen === 4) controller.stop();
      },
      controller,
      // Reports by step count only, so "the 4th report" is step 20 however slow the machine is.
      { dataset: data, evaluate: false, reportEveryMs: Number.POSITIVE_INFINITY },
    );
    // Wait until the loop sits paused, check that no step runs meanwhile, then resume.
    while (!recorder.reports.some((r) => r.type === 'state')) await new Promise((resolve) => setTimeout(resolve, 5));
    const stepsWhenPaused = recorder.of('metrics').length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.of('metrics').length).toBe(stepsWhenPaused);
    expect(controller.state).toBe('paused');
    controller.resume();
    const outcome = await run;
    expect(outcome.status).toBe('stopped');
    expect(outcome.step).toBe(20);
    expect(recorder.of('state').map((r) => r.state)).toEqual(['paused', 'running']);
    expect(recorder.reports.at(-1)?.type).toBe('finished');
  });
});
