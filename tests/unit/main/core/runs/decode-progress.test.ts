/**
 * A pixel-by-pixel decode's progress travels worker → host → `decodeProgress` event, tagged with
 * the caller's progress id, for a run decoding from a checkpoint (the decoder pool) and for the
 * host's pending-decode table a training worker answers through.
 */
import { describe, expect, it } from 'vitest';
import { PendingDecodes } from '../../../../../src/main/core/runs/pending-decodes';
import type { DecodeProgressEvent } from '../../../../../src/shared/events';
import { hostsClosedAfter, openHost, tempDataDir, tinyConfig } from '../../../../helpers/tiny-run';

const closing = hostsClosedAfter('all');

describe('decode progress', () => {
  it('reaches subscribers of decodeProgress, one event per image row, only for the call that named an id', async () => {
    const services = closing(openHost(tempDataDir()));
    const base = tinyConfig({ epochs: 1 });
    const config = { ...base, model: { latentDim: 2, hidden: [16], decoder: 'pixelcnn' as const, pixelcnn: { layers: 2, channels: 4 } }, data: { ...base.data, binarization: 'dynamic' as const } };
    const run = services.runs.createRun({ config, name: 'pixelcnn decode progress' });
    expect((await services.runs.whenSettled(run.id)).status).toBe('completed');
    const events: DecodeProgressEvent[] = [];
    const unsubscribe = services.events.on('decodeProgress', (event) => events.push(event));
    const grid = await services.handlers.decode({ runId: run.id, zs: [[0, 0], [1, -1]], progressId: 'slider-1' });
    expect(grid.pixelsBase64.length).toBeGreaterThan(0);
    expect(events.every((e) => e.runId === run.id && e.progressId === 'slider-1')).toBe(true);
    expect(events.map((e) => e.fraction)).toEqual(Array.from({ length: 28 }, (_, row) => (row + 1) / 28));
    // Without an id the decode runs as before and says nothing.
    await services.handlers.decode({ runId: run.id, zs: [[0, 0]] });
    expect(events).toHaveLength(28);
    unsubscribe();
  }, 180_000);

  it('the pending-decode table hands a training worker\'s progress to the request it belongs to', async () => {
    const pending = new PendingDecodes();
    const heard: [string, number][] = [];
    let first = -1;
    let second = -1;
    const a = pending.request((id) => (first = id), (f) => heard.push(['a', f]));
    const b = pending.request((id) => (second = id));
    pending.progress(first, 0.5);
    pending.progress(second, 0.5);
    pending.progress(999, 0.5);
    pending.resolve(first, { width: 1, height: 1, channels: 1, rows: 1, columns: 1, tileWidth: 1, tileHeight: 1, pixels: new Uint8Array(1) });
    pending.progress(first, 1);
    expect(heard).toEqual([['a', 0.5]]);
    await a;
    pending.rejectAll('done');
    await expect(b).rejects.toThrow('done');
  });
});
