import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../../src/shared/api';
import { progressFraction, progressText } from '../../../../src/renderer/src/lib/progress-text';

const progress = (over: Partial<RunProgress>): RunProgress => ({
  runId: 'r',
  step: 0,
  totalSteps: 213,
  epoch: 0,
  epochs: 3,
  samplesPerSec: 0,
  etaSeconds: null,
  ...over,
});

describe('the run page progress line', () => {
  it('counts steps done, never one past the total', () => {
    // The host reports steps done; the last report of a run is step 213 of 213, not 214.
    const last = progress({ step: 213, epoch: 2, samplesPerSec: 5000, etaSeconds: 0 });
    expect(progressText({ progress: last, status: 'running', epochsCompleted: null, epochs: 3 })).toBe('Epoch 3 of 3 · step 213 of 213 · 5,000 samples/s · ETA 0s');
    expect(progressFraction({ progress: last, status: 'running', epochsCompleted: null, epochs: 3 })).toBe(1);
    const mid = progress({ step: 71, epoch: 1, samplesPerSec: 900, etaSeconds: 125 });
    expect(progressText({ progress: mid, status: 'running', epochsCompleted: 1, epochs: 3 })).toBe('Epoch 2 of 3 · step 71 of 213 · 900 samples/s · ETA 2m 05s');
    expect(progressFraction({ progress: mid, status: 'running', epochsCompleted: 1, epochs: 3 })).toBeCloseTo(71 / 213, 9);
  });

  it('shows steps from the start, before the first metrics report', () => {
    const start = progress({});
    expect(progressText({ progress: start, status: 'running', epochsCompleted: 0, epochs: 3 })).toBe('Epoch 1 of 3 · step 0 of 213 · ETA estimating…');
    expect(progressText({ progress: null, status: 'running', epochsCompleted: 0, epochs: 3 })).toBe('Starting: loading the data and the model…');
  });

  it('says paused, queued, or how far a finished run got', () => {
    expect(progressText({ progress: progress({ step: 20, samplesPerSec: 10, etaSeconds: 3 }), status: 'paused', epochsCompleted: 0, epochs: 3 })).toContain('paused');
    expect(progressText({ progress: null, status: 'queued', epochsCompleted: 0, epochs: 3 })).toBe('Queued: waiting to start');
    expect(progressText({ progress: null, status: 'stopped', epochsCompleted: 1, epochs: 3 })).toBe('1 of 3 epochs done');
  });
});
