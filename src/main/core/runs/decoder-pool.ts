/**
 * Decoding for runs that are not training: a worker process loads a checkpoint once and answers
 * decode requests from it (interpolation sliders fire many). Decoders are kept per checkpoint, not
 * per run, so two views of one run at different epochs (the explorer and the linked views) do not
 * kill each other's decoder with every request. Idle decoders exit after a minute; at most a few
 * are kept.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { ImageGrid } from '../../../shared/training-report';
import type { WorkerLauncher, WorkerProcess } from '../worker-host/worker-process';
import type { DecodeProgressListener } from './pending-decodes';

interface Decoder {
  runId: string;
  worker: WorkerProcess;
  checkpointPath: string;
  lastUsed: number;
  ready: Promise<void>;
  pending: Map<number, { resolve: (grid: ImageGrid) => void; reject: (error: Error) => void; onProgress: DecodeProgressListener | undefined }>;
}

export class DecoderPool {
  private readonly decoders = new Map<string, Decoder>();
  private nextRequestId = 1;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly launcher: WorkerLauncher,
    private readonly idleMs = 60_000,
    private readonly maxDecoders = 3,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(idleMs, 10_000));
    this.sweeper.unref();
  }

  /** onProgress hears a pixel-by-pixel decode's progress (0..1); factorized decoders report none. */
  async decode(runId: string, checkpointPath: string, zs: number[][], onProgress?: DecodeProgressListener): Promise<ImageGrid> {
    const decoder = this.decoderFor(runId, checkpointPath);
    decoder.lastUsed = Date.now();
    await decoder.ready;
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      decoder.pending.set(requestId, { resolve, reject, onProgress });
      decoder.worker.send({ type: 'decode', requestId, zs, checkpointPath });
    });
  }

  /** Drops a run's decoders (the run was deleted, or trains again and decodes live). */
  async release(runId: string): Promise<void> {
    const paths = [...this.decoders].filter(([, decoder]) => decoder.runId === runId).map(([path]) => path);
    await Promise.all(paths.map((path) => this.releaseCheckpoint(path)));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.decoders.keys()].map((path) => this.releaseCheckpoint(path)));
  }

  private async releaseCheckpoint(checkpointPath: string): Promise<void> {
    const decoder = this.decoders.get(checkpointPath);
    if (!decoder) return;
    this.decoders.delete(checkpointPath);
    await decoder.worker.stop(2000);
  }

  private decoderFor(runId: string, checkpointPath: string): Decoder {
    const existing = this.decoders.get(checkpointPath);
    if (existing) return existing;
    while (this.decoders.size >= this.maxDecoders) {
      // The least recently used goes first, an idle one before one with requests in flight.
      const oldest = [...this.decoders].sort((a, b) => Number(a[1].pending.size > 0) - Number(b[1].pending.size > 0) || a[1].lastUsed - b[1].lastUsed)[0];
      if (!oldest) break;
      void this.releaseCheckpoint(oldest[0]);
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
          case 'decode-progress':
            pending.get(message.requestId)?.onProgress?.(message.fraction);
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
      if (this.decoders.get(checkpointPath)?.worker === worker) this.decoders.delete(checkpointPath);
    });
    // Callers await `ready` and see its rejection; this only keeps an unawaited one from crashing the host.
    ready.catch(() => {});
    const decoder: Decoder = { runId, worker, checkpointPath, lastUsed: Date.now(), ready, pending };
    this.decoders.set(checkpointPath, decoder);
    return decoder;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [path, decoder] of this.decoders) {
      if (now - decoder.lastUsed > this.idleMs && decoder.pending.size === 0) void this.releaseCheckpoint(path);
    }
  }
}
