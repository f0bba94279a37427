/**
 * The snapshot a view shows for its chosen epoch, from the run's shared SnapshotCache. A cached
 * epoch is shown in the very update that chose it (a derived value: no effect that writes state and
 * forces a second pass); an epoch not cached yet keeps the previous snapshot on screen while one
 * request at a time (the latest epoch asked for) fetches it. Create it while a component
 * initialises: its effect lives and dies with the component.
 */
import { messageOf } from '../../../shared/errors';
import type { EpochSnapshotPayload } from '../../../shared/api';
import { LatestRequest } from './latest-request';
import type { SnapshotCache } from './latent-snapshots';

export interface SnapshotViewOptions {
  cache: () => SnapshotCache;
  epoch: () => number | null;
  /** The run's snapshot epochs, ascending: the neighbours of the chosen one are prefetched. */
  epochs: () => readonly number[];
  /** Whether this view prefetches the neighbours (one of two views showing the same epoch is enough). */
  prefetch: boolean;
}

export class SnapshotView {
  /** Bumped by each answer from the host, so `snapshot` looks in the cache again. */
  private answers = $state(0);
  /** The last snapshot shown (plain, not state: only `snapshot` reads and writes it). */
  private previous: EpochSnapshotPayload | null = null;
  error: string | null = $state(null);

  readonly snapshot: EpochSnapshotPayload | null = $derived.by(() => {
    void this.answers;
    const epoch = this.options.epoch();
    const found = epoch === null ? undefined : this.options.cache().peek(epoch);
    if (found) this.previous = found;
    return this.previous;
  });

  private readonly requests = new LatestRequest<EpochSnapshotPayload>({
    onResult: () => {
      this.answers++;
      this.error = null;
    },
    onError: (error) => {
      this.error = messageOf(error);
    },
  });

  constructor(private readonly options: SnapshotViewOptions) {
    $effect(() => {
      const epoch = options.epoch();
      const cache = options.cache();
      if (epoch === null) return;
      if (!cache.peek(epoch)) this.requests.request(String(epoch), () => cache.get(epoch));
      if (options.prefetch) cache.prefetchAround(epoch, options.epochs());
    });
    $effect(() => () => this.requests.dispose());
  }
}
