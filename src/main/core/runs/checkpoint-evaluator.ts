/**
 * Evaluations on request (a run's final test evaluation with a paper's budget): one worker process
 * per request loads the checkpoint and the data, evaluates, reports progress, and exits.
 */
import type { EpochEvaluation } from '../../../shared/training-report';
import type { EvaluateRequest } from '../../../shared/worker-protocol';
import type { WorkerLauncher } from '../worker-host/worker-process';
import { runInOwnWorker } from './one-shot-worker';

export type EvaluationJob = Omit<EvaluateRequest, 'type' | 'requestId'>;

export function evaluateInWorker(launcher: WorkerLauncher, name: string, job: EvaluationJob, onProgress: (fraction: number) => void): Promise<EpochEvaluation> {
  const request = { type: 'evaluate', requestId: 1, ...job } as const;
  return runInOwnWorker(
    launcher,
    name,
    { request, progress: 'evaluate-progress', done: 'evaluated', failed: 'evaluate-failed', result: (message) => message.evaluation, failureLabel: 'evaluation', processLabel: 'evaluation' },
    onProgress,
  );
}
