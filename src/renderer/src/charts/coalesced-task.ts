/**
 * Runs a callback at most once per animation frame, in a task of its own posted right after the
 * frame: however many times it is scheduled in between, it runs once. The task is a MessageChannel
 * message rather than setTimeout(0), which browsers clamp to 4 ms once timers nest.
 *
 * Why after the frame and in a task of its own: a long task is one that holds the main thread for
 * more than 50 ms, and a chart redraw is work that would otherwise pile onto the task that received
 * the data or onto the animation frame that rasterises the canvas. Apart, each stays shorter; and
 * waiting for the frame folds every update that arrives within it (a burst of events, a fast
 * slider) into one redraw. Pure apart from the frame callback, which tests replace.
 */

/** Calls `callback` at the next animation frame; returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

/**
 * The callbacks waiting for the next frame, behind one requestAnimationFrame: a selection leaves
 * work for after its frame in several places at once (decoded images, off-screen grids, read-backs),
 * and each requestAnimationFrame call cost 0.1–0.8 ms inside the frame, measured under the profiler.
 */
let waiting: (() => void)[] | null = null;

const nextAnimationFrame: FrameScheduler = (callback) => {
  let batch = waiting;
  if (!batch) {
    const due: (() => void)[] = [];
    batch = waiting = due;
    requestAnimationFrame(() => {
      if (waiting === due) waiting = null;
      for (const run of [...due]) run();
    });
  }
  batch.push(callback);
  const from = batch;
  return () => {
    const at = from.indexOf(callback);
    if (at >= 0) from.splice(at, 1);
  };
};

export class CoalescedTask {
  private readonly channel = new MessageChannel();
  private scheduled = false;
  private cancelFrame: (() => void) | null = null;
  private disposed = false;

  constructor(
    private readonly run: () => void,
    private readonly nextFrame: FrameScheduler = nextAnimationFrame,
  ) {
    this.channel.port1.onmessage = () => this.flush();
  }

  /** Runs the callback in a task after the next frame, once for any number of schedules. */
  schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    this.cancelFrame = this.nextFrame(() => {
      this.cancelFrame = null;
      this.channel.port2.postMessage(null);
    });
  }

  /** Runs a scheduled callback now (e.g. before reading what it would change); otherwise nothing. */
  flush(): void {
    if (!this.scheduled || this.disposed) return;
    this.scheduled = false;
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelFrame?.();
    this.channel.port1.onmessage = null;
    this.channel.port1.close();
    this.channel.port2.close();
  }
}
