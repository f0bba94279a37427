// Pause and Stop take effect at the next step: not at the next metrics report (reportEverySteps
// later), and not after the epoch's held-out evaluation.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../../src/shared/config';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { TrainingController } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

let data: ImageDataset;
beforeAll(async () => {
  data = await mnistSubset(1600, 100);
});

// Some 200 steps an epoch, and no metrics report until the epoch ends.
const quietConfig = () => smallConfig({ optim: { batchSize: 8, epochs: 3 }, reportEverySteps: 100_000 });
const quiet = () => ({ dataset: data, reportEveryMs: Number.POSITIVE_INFINITY });

/** Trains the quiet config without evaluation, and does `act` to its controller as soon as training has started. */
function trainActingAtStart(act: (controller: TrainingController) => void) {
  const controller = new TrainingController();
  const recorder = recordingSink();
  const run = runTraining(
    quietConfig(),
    (report) => {
      recorder.sink(report);
      if (report.type === 'started') setTimeout(() => act(controller), 0);
    },
    controller,
    { ...quiet(), evaluate: false },
  );
  return { controller, recorder, run };
}

/**
 * Trains `config` and asks it to stop when the first epoch's one metrics report arrives, which comes
 * just before the epoch's evaluation (at once, or `delayMs` later, once the evaluation has begun):
 * the run must stop after that epoch's last step with nothing of the evaluation reported.
 */
async function expectStopAtFirstEpochEnd(config: RunConfig, delayMs: number | null): Promise<void> {
  const controller = new TrainingController();
  const recorder = recordingSink();
  const outcome = await runTraining(
    config,
    (report) => {
      recorder.sink(report);
      if (report.type !== 'metrics') return;
      if (delayMs === null) controller.stop();
      else setTimeout(() => controller.stop(), delayMs);
    },
    controller,
    quiet(),
  );
  expect(outcome.status).toBe('stopped');
  expect(outcome.step).toBe(recorder.of('started')[0]?.stepsPerEpoch);
  expect(recorder.of('evaluation')).toHaveLength(0);
}

describe('run control', () => {
  it('stops within a few steps of the request, long before the next report', async () => {
    const { recorder, run } = trainActingAtStart((controller) => controller.stop());
    const outcome = await run;
    expect(outcome.status).toBe('stopped');
    expect(outcome.step).toBeGreaterThan(0);
    expect(outcome.step).toBeLessThan(20);
    // The steps it took are all reported before it ends.
    expect(recorder.of('metrics').flatMap((r) => r.steps.map((p) => p.step))).toEqual([...Array(outcome.step).keys()]);
  });

  it('pauses at the next step and reports the steps done so far', async () => {
    const { controller, recorder, run } = trainActingAtStart((control) => control.pause());
    while (recorder.of('state').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const doneWhenPaused = recorder.of('metrics').flatMap((r) => r.steps).length;
    expect(doneWhenPaused).toBeGreaterThan(0);
    expect(doneWhenPaused).toBeLessThan(20);
    controller.stop();
    const outcome = await run;
    expect(outcome.step).toBe(doneWhenPaused);
  });

  it('a stop that arrives with the epoch end skips that epoch\'s evaluation', async () => {
    // Larger batches than the other tests: only the epoch's end matters here.
    await expectStopAtFirstEpochEnd(smallConfig({ optim: { batchSize: 32, epochs: 3 }, reportEverySteps: 100_000 }), null);
  });

  it('a stop that arrives during an evaluation ends it at its next batch, with nothing of it reported', async () => {
    // A long evaluation (IWAE with K = 500 on 100 points) that the stop, 20 ms after the report, lands in.
    await expectStopAtFirstEpochEnd(smallConfig({ optim: { batchSize: 32, epochs: 3 }, reportEverySteps: 100_000, eval: { iwaeK: 500, iwaePoints: 100 } }), 20);
  });

  it('a slow run still reports every reportEveryMs, so progress shows from the start', async () => {
    const recorder = recordingSink();
    await runTraining(smallConfig({ optim: { batchSize: 8 }, reportEverySteps: 100_000 }), recorder.sink, undefined, {
      dataset: data,
      evaluate: false,
      maxSteps: 30,
      reportEveryMs: 0,
    });
    // Every step flushed on its own: the time limit, not reportEverySteps, drove the reports.
    expect(recorder.of('metrics').length).toBeGreaterThanOrEqual(29);
  });
});
