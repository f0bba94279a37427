/** The progress a run shows after a metrics report: step, totals, speed and the time left at that speed. */
import type { RunProgress } from '../../../shared/api';
import type { RunConfig } from '../../../shared/config';
import type { StepMetrics } from '../../../shared/training-report';

export function progressAfter(runId: string, last: StepMetrics, totalSteps: number, config: RunConfig): RunProgress {
  const stepsLeft = Math.max(0, totalSteps - last.step - 1);
  return {
    runId,
    step: last.step + 1,
    totalSteps,
    epoch: last.epoch,
    epochs: config.optim.epochs,
    samplesPerSec: last.samplesPerSec,
    etaSeconds: last.samplesPerSec > 0 ? (stepsLeft * config.optim.batchSize) / last.samplesPerSec : null,
  };
}
