/**
 * Pause, resume and stop for a running training loop. The loop calls `checkpoint()` between steps
 * (once per metrics report): it always yields to the event loop first, so pause/stop messages from
 * the host get delivered even though training is synchronous compute, then waits while paused.
 */

export type ControlDecision = 'continue' | 'stop';

export interface TrainingControl {
  /** Resolves 'stop' when the run must end; while paused, calls onPause once and waits. */
  checkpoint(onPause?: () => void): Promise<ControlDecision>;
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

  /** Ends the run at the next checkpoint (after saving a checkpoint of where it stopped). */
  stop(): void {
    this.current = 'stopping';
    this.wakeUp();
  }

  async checkpoint(onPause?: () => void): Promise<ControlDecision> {
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
  checkpoint: async () => {
    await yieldToEventLoop();
    return 'continue';
  },
};
