/**
 * DecodeService keeps one loaded checkpoint: a failed load is forgotten (so it can be retried), but
 * a failure of an older load must not forget the newer checkpoint that replaced it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoadedCheckpoint } from '../../../../src/worker/checkpoint/load-checkpoint';

const loads = vi.hoisted(() => ({ calls: [] as { path: string; resolve: (c: unknown) => void; reject: (e: unknown) => void }[] }));

vi.mock('../../../../src/worker/backend/select-backend', () => ({ selectBackend: () => Promise.resolve({}) }));
vi.mock('../../../../src/worker/checkpoint/load-checkpoint', () => ({
  loadCheckpoint: (path: string) =>
    new Promise((resolve, reject) => {
      loads.calls.push({ path, resolve, reject });
    }),
}));

const { DecodeService } = await import('../../../../src/worker/decode-service');

function fakeCheckpoint(path: string): LoadedCheckpoint & { disposed: boolean } {
  const checkpoint = {
    path,
    config: {} as LoadedCheckpoint['config'],
    epoch: 1,
    step: 1,
    disposed: false,
    decoder: { latentDim: 2, image: { height: 1, width: 1, channels: 1 }, decode: () => Promise.resolve({ path } as never) },
    dispose: () => {
      checkpoint.disposed = true;
    },
  };
  return checkpoint;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

async function waitForLoad(count: number): Promise<void> {
  await vi.waitFor(() => expect(loads.calls.length).toBe(count));
}

/** The index-th loadCheckpoint call, to settle it. */
function load(index: number): (typeof loads.calls)[number] {
  const call = loads.calls[index];
  if (!call) throw new Error(`no load #${index}`);
  return call;
}

beforeEach(() => {
  loads.calls.length = 0;
});

describe('DecodeService checkpoint cache', () => {
  it('keeps the newer checkpoint when an older load fails after it was replaced', async () => {
    const service = new DecodeService();
    const oldDecode = service.decode([[0, 0]], '/old');
    await waitForLoad(1);
    const newDecode = service.decode([[0, 0]], '/new');
    await waitForLoad(2);

    load(0).reject(new Error('old checkpoint is corrupt'));
    await expect(oldDecode).rejects.toThrow('corrupt');
    const newer = fakeCheckpoint('/new');
    load(1).resolve(newer);
    await expect(newDecode).resolves.toEqual({ path: '/new' });

    // Another request for the newer path uses the cached checkpoint: no second load, nothing disposed.
    const again = service.decode([[1, 1]], '/new');
    await settle();
    expect(loads.calls.map((call) => call.path)).toEqual(['/old', '/new']);
    await expect(again).resolves.toEqual({ path: '/new' });
    expect(newer.disposed).toBe(false);
  });

  it('forgets a failed load of the current path, so the next request retries it', async () => {
    const service = new DecodeService();
    const first = service.decode([[0, 0]], '/flaky');
    await waitForLoad(1);
    load(0).reject(new Error('not written yet'));
    await expect(first).rejects.toThrow('not written yet');

    const retry = service.decode([[0, 0]], '/flaky');
    await waitForLoad(2);
    load(1).resolve(fakeCheckpoint('/flaky'));
    await expect(retry).resolves.toEqual({ path: '/flaky' });
  });
});
