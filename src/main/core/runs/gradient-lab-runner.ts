/**
 * The gradient-estimator lab on request: like an evaluation, one worker process per request loads
 * the checkpoint and the data, runs the lab, reports progress, and exits.
 */
import type { GradientLabResult } from '../../../shared/gradient-lab';
import type { GradientLabRequest } from '../../../shared/worker-protocol';
import type { WorkerLauncher } from '../worker-host/worker-process';
import { runInOwnWorker } from './one-shot-worker';

export type GradientLabJob = Omit<GradientLabRequest, 'type' | 'requestId'>;

export function gradientLabInWorker(
  launcher: WorkerLauncher,
  name: string,
  job: GradientLabJob,
  onProgress: (fraction: number) => void,
): Promise<Omit<GradientLabResult, 'runId'>> {
  const request = { type: 'gradient-lab', requestId: 1, ...job } as const;
  return runInOwnWorker(
    launcher,
    name,
    { request, progress: 'gradient-lab-progress', done: 'gradient-lab-done', failed: 'gradient-lab-failed', result: (message) => message.result, failureLabel: 'gradient lab', processLabel: 'gradient-lab' },
    onProgress,
  );
}
