import { describe, expect, it } from 'vitest';
import { pendingText } from '../../../../src/renderer/src/lib/control-pending';

describe('the run controls between a click and the next status', () => {
  it('say "stopping…" from the click until the run has stopped', () => {
    const stop = { action: 'stopRun' as const, whileStatus: 'running' as const };
    expect(pendingText(stop, 'running')).toBe('stopping…');
    expect(pendingText(stop, 'stopped')).toBeNull();
    // Stop while paused: pending until the status leaves 'paused'.
    expect(pendingText({ action: 'stopRun', whileStatus: 'paused' }, 'paused')).toBe('stopping…');
  });

  it('say "pausing…" until paused, and nothing for actions that take effect at once', () => {
    expect(pendingText({ action: 'pauseRun', whileStatus: 'running' }, 'running')).toBe('pausing…');
    expect(pendingText({ action: 'pauseRun', whileStatus: 'running' }, 'paused')).toBeNull();
    expect(pendingText({ action: 'resumeRun', whileStatus: 'paused' }, 'paused')).toBeNull();
    expect(pendingText(null, 'running')).toBeNull();
  });
});
