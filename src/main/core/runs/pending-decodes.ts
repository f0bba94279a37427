/** Decode requests sent to a training worker, answered by request id (or all refused when it exits). */
import { WorkbenchError } from '../../../shared/errors';
import type { ImageGrid } from '../../../shared/training-report';

interface PendingDecode {
  resolve: (grid: ImageGrid) => void;
  reject: (error: Error) => void;
}

export class PendingDecodes {
  private nextId = 1;
  private readonly pending = new Map<number, PendingDecode>();

  /** Registers a request; `send` posts it to the worker under the id it is given. */
  request(send: (requestId: number) => void): Promise<ImageGrid> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      send(requestId);
    });
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
