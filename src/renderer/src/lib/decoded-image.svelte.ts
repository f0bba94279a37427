/**
 * An image decoded from latent vectors by the host, following a control that moves faster than the
 * host decodes (hover, a slider): at most one decode in flight, the latest wins, and answers are
 * cached so moving back over a point or slider position is instant.
 *
 * A decode is a round trip to a worker process (tens of milliseconds), far over the 16 ms a slider
 * has to follow the hand. So a control with a known, finite set of positions (the interpolation
 * slider's 101) prefetches them all in one request; show() then draws from the cache in the same
 * task as the input event.
 *
 * An autoregressive decoder decodes pixel by pixel, seconds per request: `progress` follows the
 * newest running decode through the host's `decodeProgress` events, and nothing here waits on it,
 * so the control keeps answering the hand (cached positions draw at once) while it runs.
 */
import { WorkbenchError, messageOf } from '../../../shared/errors';
import { CoalescedTask } from '../charts/coalesced-task';
import { imageOfBatch, type ImageBatch } from '../charts/image-grid-layout';
import type { Unsubscribe } from '../../../shared/api';
import { DecodeProgressTracker } from './decode-progress';
import { payloadToBatch } from './image-payload';
import { LatestRequest } from './latest-request';
import { LruCache } from './lru-cache';
import { latentKey } from './latent-math';
import { workbench } from './workbench-api';

/** Room for two interpolation strips (both paths) of 101 images and the positions around them. */
const CACHE_LIMIT = 512;

interface Decoded {
  images: ImageBatch;
  latest: boolean;
}

function cacheKeyOf(zs: readonly (readonly number[])[], epoch: number | null): string {
  return `${epoch ?? 'latest'}:${zs.map(latentKey).join('|')}`;
}

export class DecodedImage {
  images: ImageBatch | null = $state.raw(null);
  /** Which request the shown images answer (e.g. "t=0.40"), for captions and tests. */
  shownKey: string | null = $state(null);
  busy = $state(false);
  error: string | null = $state(null);
  /** True when the epoch's checkpoint was missing and the latest model decoded instead. */
  usedLatestModel = $state(false);
  /** How far the newest running pixel-by-pixel decode has come (0..1); null when none runs or the decoder reports none. */
  progress: number | null = $state(null);

  private readonly cache = new LruCache<string, Decoded>(CACHE_LIMIT);
  /**
   * Every show() gets a number; what is on screen answers `displayed`. A decode that comes back
   * after a later show() was answered from the cache is older than the screen: it is cached, not shown.
   */
  private requested = 0;
  private displayed = 0;
  /** Prefetches asked for, so asking again (an effect re-running) neither repeats nor races them. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping that nothing renders, like the cache
  private readonly prefetches = new Map<string, Promise<boolean>>();
  private readonly requests = new LatestRequest<Decoded & { order: number }>({
    onResult: (result, key) => {
      if (result.order > this.displayed) this.display(result, key, result.order);
    },
    onError: (error) => {
      this.error = messageOf(error);
    },
    onBusy: (busy) => {
      this.busy = busy;
    },
  });
  private disposed = false;
  /** Progress ids unique to this control (other controls and windows decode the same run). */
  private readonly progressTracker = new DecodeProgressTracker(`decode-${Math.random().toString(36).slice(2, 10)}`);
  private unsubscribeProgress: Unsubscribe | null = null;
  /** Whether any decode has reported progress: a factorized decoder reports none, and then no bar is drawn. */
  private reportsProgress = false;

  constructor(private readonly runId: string) {}

  /**
   * Decodes `zs` (one image each) with the model of `epoch` (the latest when null). `label` names
   * the request for `shownKey` (e.g. "t=0.40"); the cache is keyed by the vectors themselves.
   */
  show(zs: readonly (readonly number[])[], epoch: number | null, label?: string): void {
    // Newer than anything left for after the frame (showAfterFrame): that is not shown over it.
    this.deferred = null;
    const cacheKey = cacheKeyOf(zs, epoch);
    const key = label ?? cacheKey;
    const order = ++this.requested;
    const cached = this.cache.get(cacheKey);
    if (cached) {
      this.display(cached, key, order);
      return;
    }
    this.requests.request(key, async () => {
      const result = await this.decode(zs, epoch);
      this.cache.set(cacheKey, result);
      return { ...result, order };
    });
  }

  /**
   * show(), in a task after the next frame, the latest call winning; `codes` is called then too.
   * For images that follow a selection made elsewhere (an epoch, a dimension, a brushed region): the
   * selection's frame is left to the panels that need no decode, and these images come a frame
   * later even when cached; an uncached decode takes tens of milliseconds anyway.
   */
  showAfterFrame(codes: () => readonly (readonly number[])[], epoch: number | null, label?: string): void {
    this.deferred = { codes, epoch, label };
    this.afterFrame.schedule();
  }

  private deferred: { codes: () => readonly (readonly number[])[]; epoch: number | null; label: string | undefined } | null = null;
  private readonly afterFrame = new CoalescedTask(() => {
    const next = this.deferred;
    this.deferred = null;
    if (next) this.show(next.codes(), next.epoch, next.label);
  });

  /**
   * Decodes each of `zs` (one image per vector) in a single request, in the background, and caches
   * them one by one, so that a later show([z]) of any of them draws without a round trip. Runs beside
   * show()'s requests rather than in their queue. Resolves true once they are cached; false when the
   * request failed, which is left to show(): it decodes one position at a time and reports errors.
   */
  async prefetch(zs: readonly (readonly number[])[], epoch: number | null): Promise<boolean> {
    const batchKey = cacheKeyOf(zs, epoch);
    if (zs.length === 0) return true;
    const pending = this.prefetches.get(batchKey);
    if (pending) return pending;
    const done = this.decode(zs, epoch).then(
      (result) => {
        if (this.disposed) return false;
        zs.forEach((z, index) => this.cache.set(cacheKeyOf([z], epoch), { images: imageOfBatch(result.images, index), latest: result.latest }));
        return true;
      },
      () => {
        this.prefetches.delete(batchKey);
        return false;
      },
    );
    this.prefetches.set(batchKey, done);
    return done;
  }

  clear(): void {
    this.deferred = null;
    this.images = null;
    this.shownKey = null;
    this.displayed = ++this.requested;
  }

  dispose(): void {
    this.disposed = true;
    this.afterFrame.dispose();
    this.requests.dispose();
    this.cache.clear();
    this.unsubscribeProgress?.();
    this.unsubscribeProgress = null;
  }

  private display(result: Decoded, key: string, order: number): void {
    this.displayed = order;
    this.images = result.images;
    this.usedLatestModel = result.latest;
    this.shownKey = key;
    this.error = null;
  }

  private async decode(zs: readonly (readonly number[])[], epoch: number | null): Promise<Decoded> {
    const vectors = zs.map((z) => [...z]);
    this.listenForProgress();
    const progressId = this.progressTracker.start();
    try {
      const payload = await workbench.decode(epoch === null ? { runId: this.runId, zs: vectors, progressId } : { runId: this.runId, zs: vectors, epoch, progressId });
      return { images: payloadToBatch(payload, zs.length), latest: epoch === null };
    } catch (error) {
      // A run may keep only its last checkpoint: decode with the latest model and say so.
      if (epoch !== null && error instanceof WorkbenchError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        const payload = await workbench.decode({ runId: this.runId, zs: vectors, progressId });
        return { images: payloadToBatch(payload, zs.length), latest: true };
      }
      throw error;
    } finally {
      this.progressTracker.end(progressId);
      this.showProgress();
    }
  }

  /** Subscribes on the first decode, so a control that never decodes costs the host no events. */
  private listenForProgress(): void {
    if (this.unsubscribeProgress || this.disposed) return;
    this.unsubscribeProgress = workbench.onDecodeProgress((event) => {
      if (event.runId !== this.runId || !this.progressTracker.report(event.progressId, event.fraction)) return;
      this.reportsProgress = true;
      this.showProgress();
    });
  }

  private showProgress(): void {
    this.progress = this.reportsProgress ? this.progressTracker.fraction : null;
  }
}
