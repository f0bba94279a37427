/**
 * Evaluations on request (a run's final test evaluation with a paper's budget): one worker process
 * per request loads the checkpoint and the data, evaluates, reports progress, and exits. Training
 * workers are never used, so an evaluation never slows or blocks a run in progress.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { EpochEvaluation } from '../../../shared/training-report';
import type { EvaluateRequest } from '../../../shared/worker-protocol';
import type { WorkerLauncher } from '../worker-host/worker-process';

export type EvaluationJob = Omit<EvaluateRequest, 'type' | 'requestId'>;

export async function evaluateInWorker(launcher: WorkerLauncher, name: string, job: EvaluationJob, onProgress: (fraction: number) => void): Promise<EpochEvaluation> {
  const worker = launcher({ name });
  const requestId = 1;
  try {
    return await new Promise<EpochEvaluation>((resolve, reject) => {
      worker.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            worker.send({ type: 'evaluate', requestId, ...job });
            return;
          case 'evaluate-progress':
            onProgress(message.fraction);
            return;
          case 'evaluated':
            resolve(message.evaluation);
            return;
          case 'evaluate-failed':
            reject(new WorkbenchError({ code: 'BAD_REQUEST', message: `evaluation failed: ${message.message}` }));
            return;
          default:
            return;
        }
      });
      worker.onExit((exit) => {
        // After a result this is the requested shutdown; before one, a crash.
        reject(new WorkbenchError({ code: 'INTERNAL', message: `the evaluation process exited (${exit.signal ?? `code ${exit.code}`}): ${exit.stderrTail.slice(-3).join(' | ')}` }));
      });
    });
  } finally {
    await worker.stop(2000);
  }
}
