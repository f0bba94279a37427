/** Snapshots (JSON or BLOB), checkpoint records and log lines. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defined, freshStore, sampleRun } from './store-fixtures';

describe('snapshots', () => {
  it('keeps bytes as a BLOB and everything else as JSON, one per kind and epoch', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    const grid = new Uint8Array(280 * 280).map((_, index) => index % 251);
    const info = store.saveSnapshot({ runId: run.id, epoch: 2, kind: 'recon_grid', data: grid, meta: { mediaType: 'image/png', width: 280 }, createdAt: 5 });
    expect(info).toEqual({ runId: run.id, epoch: 2, kind: 'recon_grid', encoding: 'binary', bytes: grid.length, meta: { mediaType: 'image/png', width: 280 }, createdAt: 5 });
    store.saveSnapshot({ runId: run.id, epoch: 2, kind: 'kl_per_dim', data: { perDim: [0.01, 1.2, 3.4] }, createdAt: 6 });
    store.saveSnapshot({ runId: run.id, epoch: 1, kind: 'kl_per_dim', data: { perDim: [0.5] }, createdAt: 4 });

    const stored = store.getSnapshot(run.id, 'recon_grid', 2);
    expect(stored.data).toBeInstanceOf(Uint8Array);
    expect(stored.data).toEqual(grid);
    expect(store.getSnapshot(run.id, 'kl_per_dim', 2)).toMatchObject({ encoding: 'json', data: { perDim: [0.01, 1.2, 3.4] } });
    expect(store.listSnapshots(run.id, 'kl_per_dim').map((s) => [s.epoch, s.bytes])).toEqual([
      [1, JSON.stringify({ perDim: [0.5] }).length],
      [2, JSON.stringify({ perDim: [0.01, 1.2, 3.4] }).length],
    ]);
    expect(store.listSnapshots(run.id)).toHaveLength(3);

    const latents = new Float32Array([0.5, -1.25, Number.NaN, 3e38]);
    store.saveSnapshot({ runId: run.id, epoch: 2, kind: 'latents', data: latents, meta: { dtype: 'float32', rows: 2, cols: 2 } });
    const bytes = store.getSnapshot(run.id, 'latents', 2).data as Uint8Array;
    expect(new Float32Array(bytes.slice().buffer)).toEqual(latents);

    store.saveSnapshot({ runId: run.id, epoch: 2, kind: 'recon_grid', data: { replaced: true } });
    expect(store.getSnapshot(run.id, 'recon_grid', 2)).toMatchObject({ encoding: 'json', data: { replaced: true } });
    const db = new Database(store.path, { readonly: true });
    expect(db.prepare("SELECT typeof(blob_data) AS blob, typeof(json_data) AS json FROM snapshots WHERE kind = 'kl_per_dim' LIMIT 1").get()).toEqual({ blob: 'null', json: 'text' });
    db.close();

    expect(() => store.getSnapshot(run.id, 'traversal', 2)).toThrow(/has no traversal snapshot for epoch 2/);
    expect(() => store.saveSnapshot({ runId: run.id, epoch: -1, kind: 'x', data: 1 })).toThrow(/epoch must be a non-negative integer/);
    expect(() => store.saveSnapshot({ runId: 'missing', epoch: 1, kind: 'x', data: 1 })).toThrow(/not found/);
  });
});

describe('checkpoints and logs', () => {
  it('records checkpoints per step, replacing a step saved again', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    store.addCheckpoint({ runId: run.id, epoch: 2, step: 938, path: 'a/epoch-2', createdAt: 1 });
    store.addCheckpoint({ runId: run.id, epoch: 1, step: 469, path: 'a/epoch-1', createdAt: 2 });
    store.addCheckpoint({ runId: run.id, epoch: 2, step: 938, path: 'a/epoch-2-again', createdAt: 3 });
    expect(store.listCheckpoints(run.id).map((c) => [c.step, c.path])).toEqual([
      [469, 'a/epoch-1'],
      [938, 'a/epoch-2-again'],
    ]);
  });

  it('appends log lines in batches and pages through them by id', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun());
    store.appendLogs(run.id, Array.from({ length: 25 }, (_, index) => ({ at: index, level: index % 10 === 0 ? 'warn' : 'info', line: `line ${index}` })));
    const first = store.getLogs(run.id, { limit: 10 });
    expect(first.map((line) => line.line)).toEqual(Array.from({ length: 10 }, (_, index) => `line ${index}`));
    const rest = store.getLogs(run.id, { afterId: defined(first.at(-1)).id });
    expect(rest).toHaveLength(15);
    expect(rest[0]).toMatchObject({ runId: run.id, at: 10, level: 'warn', line: 'line 10' });
    expect(() => store.appendLogs(run.id, [{ at: 1, level: 'loud' as never, line: 'x' }])).toThrow(/logs\[0\]\.level/);
    expect(store.getLogs(run.id)).toHaveLength(25);
  });
});
