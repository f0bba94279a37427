/**
 * Which of a control's decodes the progress bar follows. A pixel-by-pixel decode takes seconds,
 * and a control may have several in flight (the slider's current position beside a prefetch of
 * every position): each gets its own progress id, and the bar follows the newest one still
 * running. Pure, so it is unit-tested without a host.
 */
export class DecodeProgressTracker {
  private next = 0;
  /** Running decodes in the order they started, with their last reported fraction. */
  private readonly running = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  /** A new decode begins: its progress id, to pass with the decode call. */
  start(): string {
    const id = `${this.prefix}-${++this.next}`;
    this.running.set(id, 0);
    return id;
  }

  /** A `decodeProgress` event; false when it is not one of ours (another control's, an ended one). */
  report(progressId: string, fraction: number): boolean {
    if (!this.running.has(progressId)) return false;
    this.running.set(progressId, Math.min(1, Math.max(0, fraction)));
    return true;
  }

  end(progressId: string): void {
    this.running.delete(progressId);
  }

  /** The newest running decode's fraction, or null when none runs. */
  get fraction(): number | null {
    let newest: number | null = null;
    for (const fraction of this.running.values()) newest = fraction;
    return newest;
  }
}
