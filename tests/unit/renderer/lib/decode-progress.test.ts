import { describe, expect, it } from 'vitest';
import { DecodeProgressTracker } from '../../../../src/renderer/src/lib/decode-progress';

describe('DecodeProgressTracker', () => {
  it('follows the newest running decode and ignores ids that are not its own or have ended', () => {
    const tracker = new DecodeProgressTracker('slider');
    expect(tracker.fraction).toBeNull();
    const prefetch = tracker.start();
    const position = tracker.start();
    expect(prefetch).not.toBe(position);
    expect(tracker.report(prefetch, 0.5)).toBe(true);
    expect(tracker.fraction).toBe(0);
    expect(tracker.report(position, 0.25)).toBe(true);
    expect(tracker.fraction).toBe(0.25);
    expect(tracker.report('other-control-1', 0.9)).toBe(false);
    tracker.end(position);
    expect(tracker.fraction).toBe(0.5);
    expect(tracker.report(position, 1)).toBe(false);
    tracker.end(prefetch);
    expect(tracker.fraction).toBeNull();
  });

  it('clamps fractions to [0, 1]', () => {
    const tracker = new DecodeProgressTracker('x');
    const id = tracker.start();
    tracker.report(id, 1.5);
    expect(tracker.fraction).toBe(1);
  });
});
