/**
 * Two views of one finished run decoding at different epochs at once (the latent explorer at one
 * epoch, the linked views at another): every request is answered. With one decoder per run, each
 * request for the other epoch's checkpoint killed the decoder the previous one was waiting on.
 */
import { describe, expect, it } from 'vitest';
import { hostsClosedAfter, openHost, tempDataDir, tinyConfig } from '../../../../helpers/tiny-run';

const closing = hostsClosedAfter('all');

describe('decoding a run at several epochs', () => {
  it('answers interleaved requests for two checkpoints without killing either decoder', async () => {
    const services = closing(openHost(tempDataDir()));
    const run = services.runs.createRun({ config: tinyConfig({ epochs: 2 }), name: 'two epochs' });
    expect((await services.runs.whenSettled(run.id)).status).toBe('completed');
    const z = [[0, 0, 0, 0]];
    const requests = Array.from({ length: 8 }, (_, i) => services.handlers.decode({ runId: run.id, zs: z, epoch: (i % 2) + 1 }));
    const grids = await Promise.all(requests);
    expect(grids.every((grid) => grid !== undefined && grid.pixelsBase64.length > 0)).toBe(true);
    // The two checkpoints decode differently: the answers are each epoch's own.
    expect(grids[0]?.pixelsBase64).not.toBe(grids[1]?.pixelsBase64);
    expect(grids[0]?.pixelsBase64).toBe(grids[2]?.pixelsBase64);
  }, 120_000);
});
