/**
 * Decode requests sent to a training worker, answered by request id (or all refused when it
 * exits); a pixel-by-pixel decode's progress goes to the caller that asked for it.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { ImageGrid } from '../../../shared/training-report';

/** Hears how far a decode has come, 0..1. */
export type DecodeProgressListener = (fraction: number) => void;

interface PendingDecode {
  resolve: (grid: ImageGrid) => void;
  reject: (error: Error) => void;
  onProgress: DecodeProgressListener | undefined;
}

export class PendingDecodes {
  private nextId = 1;
  private readonly pending = new Map<number, PendingDecode>();

  /** Registers a request; `send` posts it to the worker under the id it is given. */
  request(send: (requestId: number) => void, onProgress?: DecodeProgressListener): Promise<ImageGrid> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject, onProgress });
      send(requestId);
    });
  }

  progress(requestId: number, fraction: number): void {
    this.pending.get(requestId)?.onProgress?.(fraction);
  }

  resolve(requestId: number, grid: ImageGrid): void {
    this.pending.get(requestId)?.resolve(grid);
    this.pending.delete(requestId);
  }

  reject(requestId: number, message: string): void {
    this.pending.get(requestId)?.reject(new WorkbenchError({ code: 'BAD_REQUEST', message }));
    this.pending.delete(requestId);
  }

  rejectAll(message: string): void {
    for (const pending of this.pending.values()) pending.reject(new WorkbenchError({ code: 'CONFLICT', message }));
    this.pending.clear();
  }
}
