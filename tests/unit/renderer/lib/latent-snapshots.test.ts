/** The run's shared snapshot cache: one request per epoch however many ask, neighbours fetched in the background, failures not cached. */
import { describe, expect, it } from 'vitest';
import type { EpochSnapshotPayload } from '../../../../src/shared/api';
import { SnapshotCache } from '../../../../src/renderer/src/lib/latent-snapshots';

const snapshotOf = (epoch: number): EpochSnapshotPayload => ({ runId: 'r', epoch, step: epoch * 10, latent: null, reconstructions: null, priorSamples: null, traversals: null });

/** A loader whose requests the test answers by hand. */
function manualLoader() {
  const calls: number[] = [];
  const waiting = new Map<number, { resolve: (s: EpochSnapshotPayload) => void; reject: (e: Error) => void }>();
  const load = (epoch: number) => {
    calls.push(epoch);
    return new Promise<EpochSnapshotPayload>((resolve, reject) => waiting.set(epoch, { resolve, reject }));
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const answer = async (epoch: number) => {
    waiting.get(epoch)?.resolve(snapshotOf(epoch));
    waiting.delete(epoch);
    await settle();
  };
  const fail = async (epoch: number) => {
    waiting.get(epoch)?.reject(new Error(`no epoch ${epoch}`));
    waiting.delete(epoch);
    await settle();
  };
  return { calls, load, answer, fail, settle };
}

describe('SnapshotCache', () => {
  it('shares one request between callers and then answers from memory', async () => {
    const loader = manualLoader();
    const cache = new SnapshotCache(loader.load);
    const first = cache.get(3);
    const second = cache.get(3);
    expect(cache.peek(3)).toBeUndefined();
    await loader.answer(3);
    expect((await first).epoch).toBe(3);
    expect(await second).toBe(await first);
    expect(cache.peek(3)?.epoch).toBe(3);
    expect((await cache.get(3)).epoch).toBe(3);
    expect(loader.calls).toEqual([3]);
  });

  it('prefetches the neighbours one at a time, nearest first, skipping what it has; a new epoch replaces the queue', async () => {
    const loader = manualLoader();
    const cache = new SnapshotCache(loader.load);
    const epochs = [1, 2, 3, 4, 5, 6];
    void cache.get(3);
    await loader.answer(3);
    cache.prefetchAround(3, epochs, 2);
    await loader.settle();
    expect(loader.calls).toEqual([3, 4]);
    await loader.answer(4);
    expect(loader.calls).toEqual([3, 4, 2]);
    // The user moves on to 6: its neighbour 5 replaces the queue (1 and 5 were waiting behind 2).
    cache.prefetchAround(6, epochs, 1);
    await loader.answer(2);
    expect(loader.calls).toEqual([3, 4, 2, 5]);
    await loader.answer(5);
    expect([2, 3, 4, 5].map((epoch) => cache.peek(epoch)?.epoch)).toEqual([2, 3, 4, 5]);
    expect(loader.calls).toHaveLength(4);
  });

  it('does not cache a failure: the next request asks the host again', async () => {
    const loader = manualLoader();
    const cache = new SnapshotCache(loader.load);
    const failing = cache.get(2);
    await loader.fail(2);
    await expect(failing).rejects.toThrow('no epoch 2');
    // A failed background fetch is swallowed, not cached.
    cache.prefetchAround(1, [1, 2], 1);
    await loader.fail(2);
    expect(cache.peek(2)).toBeUndefined();
    void cache.get(2);
    await loader.answer(2);
    expect(cache.peek(2)?.epoch).toBe(2);
    expect(loader.calls).toEqual([2, 2, 2]);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new SnapshotCache(async (epoch) => snapshotOf(epoch), 2);
    await cache.get(1);
    await cache.get(2);
    cache.peek(1);
    await cache.get(3);
    expect([1, 2, 3].map((epoch) => cache.peek(epoch)?.epoch ?? null)).toEqual([1, null, 3]);
  });
});
