/**
 * Pause, resume and stop for a running training loop. Training is synchronous compute, so host
 * messages are only delivered when the loop yields: it calls `poll()` after every step (one trip
 * through the event loop, no device sync), and when that says a request waits, it reports what it
 * has and calls `pauseOrStopPoint()`, which waits while paused. So Pause and Stop take effect at the
 * next step, not at the next metrics report. (Not to be confused with a checkpoint, which saves the
 * model: a stop point is followed by one, a pause point is not.)
 */

export type ControlDecision = 'continue' | 'stop';

export interface TrainingControl {
  /** Lets pending messages in; true when a pause or stop is waiting for `pauseOrStopPoint()`. */
  poll(): Promise<boolean>;
  /** Resolves 'stop' when the run must end; while paused, calls onPause once and waits. */
  pauseOrStopPoint(onPause?: () => void): Promise<ControlDecision>;
  /** True once a stop was asked for (after `poll()` let it in): long work such as an evaluation ends early. */
  stopRequested?(): boolean;
}

export type ControlState = 'running' | 'paused' | 'stopping';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TrainingController implements TrainingControl {
  private current: ControlState = 'running';
  private wake: (() => void) | null = null;

  get state(): ControlState {
    return this.current;
  }

  pause(): void {
    if (this.current === 'running') this.current = 'paused';
  }

  resume(): void {
    if (this.current === 'paused') this.current = 'running';
    this.wakeUp();
  }

  /** Ends the run at the next pause-or-stop point (after saving a checkpoint of where it stopped). */
  stop(): void {
    this.current = 'stopping';
    this.wakeUp();
  }

  stopRequested(): boolean {
    return this.current === 'stopping';
  }

  async poll(): Promise<boolean> {
    await yieldToEventLoop();
    return this.current !== 'running';
  }

  async pauseOrStopPoint(onPause?: () => void): Promise<ControlDecision> {
    await yieldToEventLoop();
    if (this.current === 'paused') {
      onPause?.();
      while (this.current === 'paused') {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    }
    return this.current === 'stopping' ? 'stop' : 'continue';
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** A control that never pauses or stops, for benchmarks and scripted runs. */
export const RUN_TO_END: TrainingControl = {
  // Nothing can ask it to stop, so there is nothing to let in between steps.
  poll: async () => false,
  pauseOrStopPoint: async () => {
    await yieldToEventLoop();
    return 'continue';
  },
};
