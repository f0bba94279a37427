import { describe, expect, it } from 'vitest';
import { canContinue } from '../../../src/shared/run-resumability';

describe('which runs can continue', () => {
  it('offers Continue for stopped, interrupted and crash-failed runs, not for runs that failed by their own error', () => {
    expect(canContinue({ status: 'stopped', error: null })).toBe(true);
    expect(canContinue({ status: 'interrupted', error: 'The host stopped' })).toBe(true);
    // Recorded as 'failed' by hosts before crash recovery: still resumable.
    expect(canContinue({ status: 'failed', error: 'The training worker was killed by SIGKILL before the run finished.' })).toBe(true);
    expect(canContinue({ status: 'failed', error: 'training crashed: out of memory' })).toBe(true);
    expect(canContinue({ status: 'failed', error: 'Training failed at step 12: the loss became NaN' })).toBe(false);
    expect(canContinue({ status: 'completed', error: null })).toBe(false);
    expect(canContinue({ status: 'running', error: null })).toBe(false);
  });
});
