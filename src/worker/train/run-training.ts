/**
 * runTraining: the whole life of one run in the worker. Checks the config, picks the backend, loads
 * the data and hands them to a TrainingSession (training-session.ts), which builds (or restores)
 * model and optimizer and trains epoch by epoch, streaming reports to `sink`: metrics every
 * `reportEverySteps` steps, evaluation + snapshot + checkpoint per epoch. runTraining returns how
 * the run ended and reports it; it never throws for a training problem (those become 'failed').
 */
import { validateRunConfig, type RunConfig } from '../../shared/config';
import { messageOf } from '../../shared/errors';
import type { BackendInfo, TrainingFailure, TrainingOutcome } from '../../shared/training-report';
import { selectBackend } from '../backend/select-backend';
import { loadDataset } from '../data/load-dataset';
import { RUN_TO_END, type TrainingControl } from './control';
import type { RunTrainingOptions } from './run-training-options';
import { TrainingSession, type Position, type TrainingSink } from './training-session';

export type { RunTrainingOptions } from './run-training-options';
export type { TrainingSink } from './training-session';

export async function runTraining(
  input: RunConfig,
  sink: TrainingSink,
  control: TrainingControl = RUN_TO_END,
  options: RunTrainingOptions = {},
): Promise<TrainingOutcome> {
  const started = performance.now();
  const position: Position = { epoch: 0, stepInEpoch: 0, step: 0 };
  let backend: BackendInfo | null = null;
  const finish = (status: TrainingOutcome['status'], rest: Partial<TrainingOutcome> = {}): TrainingOutcome => {
    const outcome: TrainingOutcome = {
      status,
      epoch: position.epoch,
      step: position.step,
      backend,
      lastEvaluation: null,
      checkpointPath: null,
      failure: null,
      elapsedSeconds: (performance.now() - started) / 1000,
      ...rest,
    };
    sink(status === 'failed' ? { type: 'failed', outcome } : { type: 'finished', outcome });
    return outcome;
  };
  const fail = (error: unknown): TrainingOutcome => {
    const message = messageOf(error);
    const failure: TrainingFailure = {
      kind: 'error',
      step: position.step,
      epoch: position.epoch,
      quantity: null,
      parameter: null,
      diagnosis: `Training failed at step ${position.step}: ${message}`,
      suggestions: [],
    };
    return finish('failed', { failure });
  };

  const validation = validateRunConfig(input);
  if (!validation.ok) return fail(new Error(`invalid run config: ${validation.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`));
  const config = validation.config;
  let session: TrainingSession | null = null;
  try {
    backend = await selectBackend(config.backend, options.backend);
    const dataset = options.dataset ?? (await loadDataset(config.data.dataset, { cacheDir: options.cacheDir }));
    session = await TrainingSession.open(config, dataset, backend, position, sink, control, options);
    const result = await session.run();
    return finish(result.status, result);
  } catch (error) {
    return fail(error);
  } finally {
    session?.dispose();
  }
}

