/**
 * One run's epoch snapshots as the latent explorer and the linked views share them. Both show the
 * same epoch, so a snapshot is fetched (and its JSON parsed) once for both; a request already in
 * flight is shared rather than repeated; and the epochs either side of the one shown are fetched in
 * the background, so the next step of the slider or a click on the next KL column finds its
 * snapshot here and the views change within a frame instead of waiting for the host. Kept in an LRU
 * so a long session stays bounded. Not reactive: its owners copy what they read into `$state`.
 */
import type { EpochSnapshotPayload } from '../../../shared/api';
import { LruCache } from './lru-cache';

export type SnapshotLoader = (epoch: number) => Promise<EpochSnapshotPayload>;

export class SnapshotCache {
  private readonly loaded: LruCache<number, EpochSnapshotPayload>;
  private readonly inFlight = new Map<number, Promise<EpochSnapshotPayload>>();
  /** Epochs waiting to be prefetched, nearest first; one background load runs at a time. */
  private prefetchQueue: number[] = [];
  private prefetching = false;
  private disposed = false;

  constructor(
    private readonly load: SnapshotLoader,
    capacity = 32,
  ) {
    this.loaded = new LruCache(capacity);
  }

  /** The snapshot if it is here already; never starts a request. */
  peek(epoch: number): EpochSnapshotPayload | undefined {
    return this.loaded.get(epoch);
  }

  /** The snapshot, from the cache, from the request already in flight, or from a new request. */
  get(epoch: number): Promise<EpochSnapshotPayload> {
    const cached = this.loaded.get(epoch);
    if (cached) return Promise.resolve(cached);
    let pending = this.inFlight.get(epoch);
    if (!pending) {
      pending = this.load(epoch).then(
        (snapshot) => {
          this.inFlight.delete(epoch);
          if (!this.disposed) this.loaded.set(epoch, snapshot);
          return snapshot;
        },
        (error: unknown) => {
          this.inFlight.delete(epoch);
          throw error;
        },
      );
      this.inFlight.set(epoch, pending);
    }
    return pending;
  }

  /**
   * Fetches, one after another in the background, the `reach` epochs on each side of `epoch` in
   * `epochs` (ascending) that are neither here nor on their way, nearest first. A new call replaces
   * the queue: only the neighbours of the epoch shown last are worth the host's time.
   */
  prefetchAround(epoch: number, epochs: readonly number[], reach = 1): void {
    if (this.disposed) return;
    const at = epochs.indexOf(epoch);
    if (at < 0) return;
    const wanted: number[] = [];
    for (let step = 1; step <= reach; step++) {
      for (const index of [at + step, at - step]) {
        const neighbour = epochs[index];
        if (neighbour !== undefined && !this.loaded.get(neighbour) && !this.inFlight.has(neighbour)) wanted.push(neighbour);
      }
    }
    this.prefetchQueue = wanted;
    if (!this.prefetching) void this.drainPrefetch();
  }

  dispose(): void {
    this.disposed = true;
    this.prefetchQueue = [];
    this.loaded.clear();
  }

  private async drainPrefetch(): Promise<void> {
    this.prefetching = true;
    for (let next = this.prefetchQueue.shift(); next !== undefined && !this.disposed; next = this.prefetchQueue.shift()) {
      try {
        await this.get(next);
      } catch {
        // A background fetch that fails is simply not cached; the view asks again, and reports it, when shown.
      }
    }
    this.prefetching = false;
  }
}
