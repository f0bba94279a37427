/**
 * The run page's one-line progress: where a training run is (steps done of all, epoch, speed, time
 * left), or how far a run that is not training got. Pure, so the arithmetic is unit-tested.
 */
import type { RunProgress } from '../../../shared/api';
import type { RunStatus } from '../../../shared/runs';
import { formatEta } from './run-facts';

export interface ProgressInput {
  progress: RunProgress | null;
  status: RunStatus;
  /** From the run's summary, for a run that is not training now. */
  epochsCompleted: number | null;
  epochs: number | null;
}

const isLive = (status: RunStatus) => status === 'running' || status === 'paused' || status === 'queued';

/** 0..1 of the run done; `progress.step` counts steps done, so it is never shifted by one. */
export function progressFraction({ progress, status, epochsCompleted, epochs }: ProgressInput): number {
  if (status === 'completed') return 1;
  if (progress && progress.totalSteps > 0) return Math.min(1, progress.step / progress.totalSteps);
  if (epochsCompleted !== null && epochs) return Math.min(1, epochsCompleted / epochs);
  return 0;
}

export function progressText({ progress, status, epochsCompleted, epochs }: ProgressInput): string {
  if (progress && isLive(status)) {
    const parts = [
      `Epoch ${Math.min(progress.epoch + 1, progress.epochs)} of ${progress.epochs}`,
      `step ${Math.min(progress.step, progress.totalSteps).toLocaleString()} of ${progress.totalSteps.toLocaleString()}`,
    ];
    // Before the first metrics report the speed is not known yet: say so instead of "0 samples/s".
    if (progress.samplesPerSec > 0) parts.push(`${Math.round(progress.samplesPerSec).toLocaleString()} samples/s`);
    if (status === 'paused') parts.push('paused');
    else parts.push(progress.etaSeconds === null ? 'ETA estimating…' : `ETA ${formatEta(progress.etaSeconds)}`);
    return parts.join(' · ');
  }
  if (status === 'queued') return 'Queued: waiting to start';
  if (status === 'running') return 'Starting: loading the data and the model…';
  if (epochs) return `${epochsCompleted ?? 0} of ${epochs} epochs done`;
  return '';
}
