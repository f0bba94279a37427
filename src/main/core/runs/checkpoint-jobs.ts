/**
 * Work on a run's newest checkpoint in a worker process of its own, never a training worker, so it
 * never slows or blocks a run in progress: an evaluation on request (stored with the run when it is
 * on the test set) and the gradient-estimator lab (stored nowhere).
 */
import { WorkbenchError } from '../../../shared/errors';
import type { GradientLabParams, GradientLabResult } from '../../../shared/gradient-lab';
import type { EpochEvaluation, EvaluationSplit } from '../../../shared/training-report';
import type { EventHub } from '../event-hub';
import type { WorkerLauncher } from '../worker-host/worker-process';
import { EVALUATION_JOB, GRADIENT_LAB_JOB, runInOwnWorker } from './one-shot-worker';
import type { RunServiceStore } from './run-store-port';
import { testEvaluationSnapshot } from './snapshot-codec';
import { describeTestEvaluation, testSummary } from './test-evaluation';

export interface CheckpointJobContext {
  store: RunServiceStore;
  events: Pick<EventHub, 'emit'>;
  launcher: WorkerLauncher;
  /** The datasets cache the worker loads the data from. */
  cacheDir: string;
  /** Stored checkpoint paths may be relative (imported bundles). */
  resolveCheckpointPath(path: string): string;
}

export interface EvaluationRequest {
  split: EvaluationSplit;
  iwaeK: number;
  points: number;
}

/** The newest checkpoint's path; a run without one is a conflict, named with what was to be done. */
function newestCheckpointPath(context: CheckpointJobContext, runId: string, purpose: string): string {
  const run = context.store.getRun(runId);
  const checkpoint = context.store.listCheckpoints(runId).at(-1);
  if (!checkpoint) throw new WorkbenchError({ code: 'CONFLICT', message: `run "${run.name}" has no checkpoint yet to ${purpose}` });
  return context.resolveCheckpointPath(checkpoint.path);
}

/**
 * Evaluates a run's newest checkpoint on a split with the given budget; a test evaluation is stored
 * with the run (replacing an earlier one of the same epoch) and lands in its summary.
 */
export async function evaluateCheckpoint(context: CheckpointJobContext, runId: string, request: EvaluationRequest): Promise<EpochEvaluation> {
  const { store, events } = context;
  const job = { ...request, checkpointPath: newestCheckpointPath(context, runId, 'evaluate'), cacheDir: context.cacheDir };
  const progress = (fraction: number) => events.emit('evaluationProgress', { runId, split: request.split, fraction });
  progress(0);
  const evaluation = await runInOwnWorker(context.launcher, `evaluate-${runId}`, EVALUATION_JOB, { type: 'evaluate', requestId: 1, ...job }, progress);
  if (request.split === 'test') {
    const updated = store.transaction(() => {
      store.saveSnapshots([testEvaluationSnapshot(runId, evaluation)]);
      return store.mergeSummary(runId, testSummary(evaluation));
    });
    events.emit('runUpdated', updated);
  }
  const where = request.split === 'test' ? 'Test set' : 'Validation split';
  store.appendLog(runId, { at: Date.now(), level: 'info', line: `${where} (evaluated on request): ${describeTestEvaluation(evaluation)}.` });
  progress(1);
  return evaluation;
}

/**
 * The gradient-estimator lab on the run's newest checkpoint (a training run's latest one, so a live
 * run can be examined while it trains); nothing is stored.
 */
export async function gradientLabOnCheckpoint(context: CheckpointJobContext, runId: string, params: GradientLabParams): Promise<GradientLabResult> {
  const job = { ...params, checkpointPath: newestCheckpointPath(context, runId, 'examine'), cacheDir: context.cacheDir };
  const progress = (fraction: number) => context.events.emit('gradientLabProgress', { runId, fraction });
  progress(0);
  const result = await runInOwnWorker(context.launcher, `gradients-${runId}`, GRADIENT_LAB_JOB, { type: 'gradient-lab', requestId: 1, ...job }, progress);
  progress(1);
  return { runId, ...result };
}
