/**
 * An image decoded from latent vectors by the host, following a control that moves faster than the
 * host decodes (hover, a slider): at most one decode in flight, the latest wins, and answers are
 * cached so moving back over a point or slider position is instant.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { ImageBatch } from '../charts/image-grid-layout';
import { payloadToBatch } from '../components/image-payload';
import { LatestRequest } from '../views/latent/latest-request';
import { LruCache } from '../views/latent/lru-cache';
import { latentKey } from '../views/latent/latent-math';
import { workbench } from './workbench-api';

const CACHE_LIMIT = 300;

export class DecodedImage {
  images: ImageBatch | null = $state.raw(null);
  /** Which request the shown images answer (e.g. "t=0.40"), for captions and tests. */
  shownKey: string | null = $state(null);
  busy = $state(false);
  error: string | null = $state(null);
  /** True when the epoch's checkpoint was missing and the latest model decoded instead. */
  usedLatestModel = $state(false);

  private readonly cache = new LruCache<string, { images: ImageBatch; latest: boolean }>(CACHE_LIMIT);
  private readonly requests = new LatestRequest<{ images: ImageBatch; latest: boolean }>({
    onResult: (result, key) => {
      this.images = result.images;
      this.usedLatestModel = result.latest;
      this.shownKey = key;
      this.error = null;
    },
    onError: (error) => {
      this.error = error instanceof Error ? error.message : String(error);
    },
    onBusy: (busy) => {
      this.busy = busy;
    },
  });

  constructor(private readonly runId: string) {}

  /**
   * Decodes `zs` (one image each) with the model of `epoch` (the latest when null). `label` names
   * the request for `shownKey` (e.g. "t=0.40"); the cache is keyed by the vectors themselves.
   */
  show(zs: readonly (readonly number[])[], epoch: number | null, label?: string): void {
    const cacheKey = `${epoch ?? 'latest'}:${zs.map(latentKey).join('|')}`;
    const key = label ?? cacheKey;
    const cached = this.cache.get(cacheKey);
    if (cached) {
      this.images = cached.images;
      this.usedLatestModel = cached.latest;
      this.shownKey = key;
      return;
    }
    this.requests.request(key, async () => {
      const result = await this.decode(zs, epoch);
      this.cache.set(cacheKey, result);
      return result;
    });
  }

  clear(): void {
    this.images = null;
    this.shownKey = null;
  }

  dispose(): void {
    this.requests.dispose();
    this.cache.clear();
  }

  private async decode(zs: readonly (readonly number[])[], epoch: number | null): Promise<{ images: ImageBatch; latest: boolean }> {
    const vectors = zs.map((z) => [...z]);
    try {
      const payload = await workbench.decode(epoch === null ? { runId: this.runId, zs: vectors } : { runId: this.runId, zs: vectors, epoch });
      return { images: payloadToBatch(payload, zs.length), latest: epoch === null };
    } catch (error) {
      // A run may keep only its last checkpoint: decode with the latest model and say so.
      if (epoch !== null && error instanceof WorkbenchError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        const payload = await workbench.decode({ runId: this.runId, zs: vectors });
        return { images: payloadToBatch(payload, zs.length), latest: true };
      }
      throw error;
    }
  }
}
