/**
 * A job a worker process of its own does on request (an evaluation, the gradient lab): the process
 * starts, is sent the job once it is ready, reports progress, answers once, and is stopped.
 * Training workers are never used, so such a job never slows or blocks a run in progress.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { GradientLabResult } from '../../../shared/gradient-lab';
import type { EpochEvaluation } from '../../../shared/training-report';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../shared/worker-protocol';
import type { WorkerLauncher } from '../worker-host/worker-process';

type MessageType = WorkerToHostMessage['type'];
type Message<K extends MessageType> = Extract<WorkerToHostMessage, { type: K }>;
/** Worker messages that say how far a job has come, and those that say it failed. */
type ProgressType = { [K in MessageType]: Message<K> extends { fraction: number } ? K : never }[MessageType];
type FailureType = { [K in MessageType]: Message<K> extends { message: string; requestId: number } ? K : never }[MessageType];

/** A kind of job, by the worker messages it answers with. */
export interface OneShotJob<Done extends MessageType, T> {
  /** Its progress, its answer and its failure. */
  answers: { progress: ProgressType; done: Done; failed: FailureType };
  result(message: Message<Done>): T;
  /** For the errors: "evaluation failed: …", "the evaluation process exited …". */
  labels: { failure: string; process: string };
}

/** An evaluation of a checkpoint on request (data/evaluation-splits.ts's points and targets). */
export const EVALUATION_JOB: OneShotJob<'evaluated', EpochEvaluation> = {
  answers: { progress: 'evaluate-progress', done: 'evaluated', failed: 'evaluate-failed' },
  result: (message) => message.evaluation,
  labels: { failure: 'evaluation', process: 'evaluation' },
};

/** The gradient-estimator lab on a checkpoint. */
export const GRADIENT_LAB_JOB: OneShotJob<'gradient-lab-done', Omit<GradientLabResult, 'runId'>> = {
  answers: { progress: 'gradient-lab-progress', done: 'gradient-lab-done', failed: 'gradient-lab-failed' },
  result: (message) => message.result,
  labels: { failure: 'gradient lab', process: 'gradient-lab' },
};

/** Runs `request` (sent once the process is ready) as a job of kind `job` in a new worker process. */
export async function runInOwnWorker<Done extends MessageType, T>(
  launcher: WorkerLauncher,
  name: string,
  job: OneShotJob<Done, T>,
  request: HostToWorkerMessage,
  onProgress: (fraction: number) => void,
): Promise<T> {
  const worker = launcher({ name });
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.onMessage((message) => {
        if (message.type === 'ready') worker.send(request);
        else if (message.type === job.answers.progress) onProgress((message as Message<ProgressType>).fraction);
        else if (message.type === job.answers.done) resolve(job.result(message as Message<Done>));
        else if (message.type === job.answers.failed) {
          reject(new WorkbenchError({ code: 'BAD_REQUEST', message: `${job.labels.failure} failed: ${(message as Message<FailureType>).message}` }));
        }
      });
      worker.onExit((exit) => {
        // After a result this is the requested shutdown; before one, a crash.
        reject(new WorkbenchError({ code: 'INTERNAL', message: `the ${job.labels.process} process exited (${exit.signal ?? `code ${exit.code}`}): ${exit.stderrTail.slice(-3).join(' | ')}` }));
      });
    });
  } finally {
    await worker.stop(2000);
  }
}
