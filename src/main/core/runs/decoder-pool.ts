/**
 * Decoding for runs that are not training: a worker process loads the run's checkpoint once and
 * answers decode requests from it (interpolation sliders fire many). Idle decoders exit after a
 * minute; at most a few are kept.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { ImageGrid } from '../../../shared/training-report';
import type { WorkerLauncher, WorkerProcess } from '../worker-host/worker-process';

interface Decoder {
  worker: WorkerProcess;
  checkpointPath: string;
  lastUsed: number;
  ready: Promise<void>;
  pending: Map<number, { resolve: (grid: ImageGrid) => void; reject: (error: Error) => void }>;
}

export class DecoderPool {
  private readonly decoders = new Map<string, Decoder>();
  private nextRequestId = 1;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly launcher: WorkerLauncher,
    private readonly idleMs = 60_000,
    private readonly maxDecoders = 2,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(idleMs, 10_000));
    this.sweeper.unref();
  }

  async decode(runId: string, checkpointPath: string, zs: number[][]): Promise<ImageGrid> {
    const decoder = this.decoderFor(runId, checkpointPath);
    decoder.lastUsed = Date.now();
    await decoder.ready;
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      decoder.pending.set(requestId, { resolve, reject });
      decoder.worker.send({ type: 'decode', requestId, zs, checkpointPath });
    });
  }

  /** Drops a run's decoder (the run was deleted, or trains again and decodes live). */
  async release(runId: string): Promise<void> {
    const decoder = this.decoders.get(runId);
    if (!decoder) return;
    this.decoders.delete(runId);
    await decoder.worker.stop(2000);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.decoders.keys()].map((runId) => this.release(runId)));
  }

  private decoderFor(runId: string, checkpointPath: string): Decoder {
    const existing = this.decoders.get(runId);
    if (existing && existing.checkpointPath === checkpointPath) return existing;
    if (existing) void this.release(runId);
    while (this.decoders.size >= this.maxDecoders) {
      const oldest = [...this.decoders].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!oldest) break;
      void this.release(oldest[0]);
    }
    const worker = this.launcher({ name: `decoder-${runId}` });
    const pending: Decoder['pending'] = new Map();
    let failStart: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      failStart = reject;
      worker.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            resolve();
            return;
          case 'decoded':
            pending.get(message.requestId)?.resolve(message.grid);
            pending.delete(message.requestId);
            return;
          case 'decode-failed':
            pending.get(message.requestId)?.reject(new WorkbenchError({ code: 'BAD_REQUEST', message: message.message }));
            pending.delete(message.requestId);
            return;
          default:
            return;
        }
      });
    });
    worker.onExit((exit) => {
      const failure = new WorkbenchError({ code: 'INTERNAL', message: `the decoder process exited (${exit.signal ?? `code ${exit.code}`}): ${exit.stderrTail.slice(-3).join(' | ')}` });
      // A process that dies before saying ready must not leave callers waiting forever.
      failStart(failure);
      for (const request of pending.values()) request.reject(failure);
      pending.clear();
      if (this.decoders.get(runId)?.worker === worker) this.decoders.delete(runId);
    });
    // Callers await `ready` and see its rejection; this only keeps an unawaited one from crashing the host.
    ready.catch(() => {});
    const decoder: Decoder = { worker, checkpointPath, lastUsed: Date.now(), ready, pending };
    this.decoders.set(runId, decoder);
    return decoder;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [runId, decoder] of this.decoders) {
      if (now - decoder.lastUsed > this.idleMs && decoder.pending.size === 0) void this.release(runId);
    }
  }
}
