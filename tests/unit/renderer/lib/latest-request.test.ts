import { describe, expect, it } from 'vitest';
import { LatestRequest } from '../../../../src/renderer/src/lib/latest-request';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('one request in flight, the latest wins', () => {
  it('skips requests superseded while one runs and delivers in request order', async () => {
    const results: string[] = [];
    const busy: boolean[] = [];
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<string>>>();
    const runner = new LatestRequest<string>({
      onResult: (result) => results.push(result),
      onError: () => results.push('error'),
      onBusy: (value) => busy.push(value),
    });
    const run = (key: string) => () => {
      started.push(key);
      const gate = deferred<string>();
      gates.set(key, gate);
      return gate.promise;
    };
    runner.request('a', run('a'));
    runner.request('b', run('b'));
    runner.request('c', run('c'));
    expect(started).toEqual(['a']);
    expect(runner.busy).toBe(true);
    gates.get('a')?.resolve('A');
    await settle();
    expect(started).toEqual(['a', 'c']);
    gates.get('c')?.resolve('C');
    await settle();
    expect(results).toEqual(['A', 'C']);
    expect(busy).toEqual([true, false]);
    expect(runner.busy).toBe(false);
  });

  it('reports a failure and carries on with the next request', async () => {
    const results: string[] = [];
    const runner = new LatestRequest<string>({ onResult: (r) => results.push(r), onError: (e, key) => results.push(`${key}:${String(e)}`) });
    runner.request('x', () => Promise.reject(new Error('boom')));
    runner.request('y', () => Promise.resolve('Y'));
    await settle();
    await settle();
    expect(results).toEqual(['x:Error: boom', 'Y']);
  });

  it('stays silent after dispose', async () => {
    const results: string[] = [];
    const runner = new LatestRequest<string>({ onResult: (r) => results.push(r), onError: () => results.push('error') });
    runner.request('x', () => Promise.resolve('X'));
    runner.dispose();
    runner.request('y', () => Promise.resolve('Y'));
    await settle();
    expect(results).toEqual([]);
  });
});

describe('the LRU cache behind decoded images and snapshots', () => {
  it('evicts the least recently used entry past its capacity', async () => {
    const { LruCache } = await import('../../../../src/renderer/src/lib/lru-cache');
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // 'a' is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
    expect(() => new LruCache(0)).toThrow(/positive integer, got 0/);
  });
});
