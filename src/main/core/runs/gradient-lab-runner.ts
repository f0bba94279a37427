/**
 * The gradient-estimator lab on request: like an evaluation, one worker process per request loads
 * the checkpoint and the data, runs the lab, reports progress, and exits; training workers are never
 * used, so a lab never slows or blocks a run in progress.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { GradientLabResult } from '../../../shared/gradient-lab';
import type { GradientLabRequest } from '../../../shared/worker-protocol';
import type { WorkerLauncher } from '../worker-host/worker-process';

export type GradientLabJob = Omit<GradientLabRequest, 'type' | 'requestId'>;

export async function gradientLabInWorker(
  launcher: WorkerLauncher,
  name: string,
  job: GradientLabJob,
  onProgress: (fraction: number) => void,
): Promise<Omit<GradientLabResult, 'runId'>> {
  const worker = launcher({ name });
  const requestId = 1;
  try {
    return await new Promise<Omit<GradientLabResult, 'runId'>>((resolve, reject) => {
      worker.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            worker.send({ type: 'gradient-lab', requestId, ...job });
            return;
          case 'gradient-lab-progress':
            onProgress(message.fraction);
            return;
          case 'gradient-lab-done':
            resolve(message.result);
            return;
          case 'gradient-lab-failed':
            reject(new WorkbenchError({ code: 'BAD_REQUEST', message: `gradient lab failed: ${message.message}` }));
            return;
          default:
            return;
        }
      });
      worker.onExit((exit) => {
        // After a result this is the requested shutdown; before one, a crash.
        reject(new WorkbenchError({ code: 'INTERNAL', message: `the gradient-lab process exited (${exit.signal ?? `code ${exit.code}`}): ${exit.stderrTail.slice(-3).join(' | ')}` }));
      });
    });
  } finally {
    await worker.stop(2000);
  }
}
