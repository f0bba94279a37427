/**
 * At most one request in flight, the latest one wins. A slider fires far faster than the host can
 * decode; instead of queueing every position (and showing them late, one by one) we keep only the
 * newest pending request and start it when the running one ends. Results arrive in request order,
 * so the last result delivered is always the answer to the last request made. Pure, unit-tested.
 */

export interface LatestRequestHandlers<Result> {
  onResult: (result: Result, key: string) => void;
  onError: (error: unknown, key: string) => void;
  /** Called with true while a request runs, false when none is left. */
  onBusy?: (busy: boolean) => void;
}

interface Pending<Result> {
  key: string;
  run: () => Promise<Result>;
}

export class LatestRequest<Result> {
  private running = false;
  private pending: Pending<Result> | null = null;
  private disposed = false;

  constructor(private readonly handlers: LatestRequestHandlers<Result>) {}

  /** Runs `run` now if nothing is in flight, otherwise replaces whatever was waiting. */
  request(key: string, run: () => Promise<Result>): void {
    if (this.disposed) return;
    this.pending = { key, run };
    if (!this.running) void this.drain();
  }

  /** Drops the waiting request and ignores the one in flight (e.g. when the view closes). */
  dispose(): void {
    this.disposed = true;
    this.pending = null;
  }

  get busy(): boolean {
    return this.running;
  }

  private async drain(): Promise<void> {
    this.running = true;
    this.handlers.onBusy?.(true);
    while (this.pending && !this.disposed) {
      const { key, run } = this.pending;
      this.pending = null;
      try {
        const result = await run();
        if (!this.disposed) this.handlers.onResult(result, key);
      } catch (error) {
        if (!this.disposed) this.handlers.onError(error, key);
      }
    }
    this.running = false;
    if (!this.disposed) this.handlers.onBusy?.(false);
  }
}
