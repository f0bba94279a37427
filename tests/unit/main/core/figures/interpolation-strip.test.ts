/**
 * The interpolation-strip panel with a real run and a real decoder process: the host decodes the path
 * between two held-out points' posterior means with the epoch's checkpoint (the latent explorer's
 * decoder and path), the preview's data and every export draw it, saving stores it in the spec, and
 * the saved figure still renders the same strip after the run's checkpoints are gone.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../../../../src/main/core/host-services';
import { figureDocument } from '../../../../../src/shared/figures/figure-document';
import { parseFigureSpec, type FigureSpecInput } from '../../../../../src/shared/figures/figure-spec';
import { interpolationPath } from '../../../../../src/shared/latent-interpolation';
import { openHost, tempDataDir, tinyConfig } from '../../../../helpers/tiny-run';
import { HAS_POPPLER, NEEDS_POPPLER, pdfImageCount, svgTexts } from './figure-tools';

let services: HostServices | undefined;
afterAll(async () => {
  await services?.close();
});

const pixelsOf = (pngBase64: string) => PNG.sync.read(Buffer.from(pngBase64, 'base64'));
const svgImages = (svg: string) => [...svg.matchAll(/<image\b[^>]*href="data:image\/png;base64,([^"]+)"/g)].map((match) => match[1] ?? '');

describe('interpolation strip panel', () => {
  it('decodes the path between two held-out points with the run\'s checkpoint, stores it on save, and redraws it with the checkpoint gone', async () => {
    const dataDir = tempDataDir();
    services = openHost(dataDir);
    const host = services;
    const run = host.runs.createRun({ config: tinyConfig({ epochs: 2 }), name: 'tiny' });
    expect((await host.runs.whenSettled(run.id)).status).toBe('completed');
    const input: FigureSpecInput = {
      name: 'strip',
      runs: [run.id],
      panels: [
        { kind: 'interpolation', from: 3, to: 17, path: 'spherical', steps: 7 },
        { kind: 'curves', metric: 'eval/elbo' },
      ],
      size: { width: 3.25, height: 2.2, unit: 'in' },
    };

    // The preview's data: the host decodes the strip (1 row of 7 digits, 28 × 28 each).
    const data = await host.handlers.getFigureData({ spec: input });
    expect(data.strips).toHaveLength(1);
    const result = data.strips[0];
    expect(result?.problem).toBeNull();
    const strip = result?.strip;
    expect(strip).toMatchObject({ runId: run.id, epoch: 2, from: 3, to: 17, path: 'spherical', steps: 7, width: 7 * 28, height: 28 });

    // The same pixels as the latent explorer's decode of the same path at the same epoch.
    const snapshot = await host.handlers.getSnapshot({ runId: run.id, epoch: 2 });
    const latent = snapshot.latent;
    if (!latent) throw new Error('the run stored no latent codes');
    const mu = (index: number) => latent.mu.slice(index * latent.dim, (index + 1) * latent.dim);
    const explorer = await host.handlers.decode({ runId: run.id, zs: interpolationPath('spherical', mu(3), mu(17), 7), epoch: 2 });
    const explorerPixels = Buffer.from(explorer.pixelsBase64, 'base64');
    const stripPixels = pixelsOf(strip?.pngBase64 ?? '');
    expect(Array.from({ length: 7 * 28 * 28 }, (_, i) => stripPixels.data[4 * i])).toEqual(Array.from(explorerPixels));
    expect([strip?.fromLabel, strip?.toLabel]).toEqual([latent.labels[3], latent.labels[17]]);

    // Drawn with a note saying what it is.
    const document = figureDocument(parseFigureSpec(input), data);
    expect(svgImages(document.svg)).toEqual([strip?.pngBase64]);
    expect(svgTexts(document.svg).join(' ')).toContain('slerp, held-out point 3');

    // Saving stores the strip in the spec; the run's checkpoints can then go (as pruning does: folders and records).
    const saved = await host.handlers.saveFigure({ spec: input });
    const panel = saved.spec.panels[0];
    expect(panel?.kind === 'interpolation' ? panel.strip?.pngBase64 : null).toBe(strip?.pngBase64);
    rmSync(host.runs.checkpointDir(run.id), { recursive: true, force: true });
    for (const checkpoint of host.store.listCheckpoints(run.id)) host.store.removeCheckpoint(run.id, checkpoint.step);
    const exported = await host.handlers.exportFigure({ spec: saved.spec, format: 'svg' });
    expect(svgImages(exported.text ?? '')).toEqual([strip?.pngBase64]);
    expect(svgTexts(exported.text ?? '')).toEqual(svgTexts(document.svg));
    // FIGURE_OUT=folder keeps the files to look at.
    const folder = process.env['FIGURE_OUT'] ? join(process.env['FIGURE_OUT'], 'interpolation') : dataDir;
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'strip.svg'), exported.text ?? '');
    if (HAS_POPPLER) {
      const pdf = join(folder, 'strip.pdf');
      writeFileSync(pdf, Buffer.from((await host.handlers.exportFigure({ spec: saved.spec, format: 'pdf' })).base64 ?? '', 'base64'));
      expect(pdfImageCount(pdf)).toBe(1);
    } else {
      console.warn(`strip PDF image count not checked ${NEEDS_POPPLER}`);
    }

    // Other endpoints than the stored strip's: decoded anew, and with no checkpoint left it says why.
    const edited = { ...saved.spec, panels: [{ kind: 'interpolation' as const, from: 3, to: 18, path: 'spherical' as const, steps: 7, strip: strip ?? undefined }] };
    const stale = await host.handlers.getFigureData({ spec: edited });
    expect(stale.strips[0]?.strip).toBeNull();
    expect(stale.strips[0]?.problem).toMatch(/no epoch with both held-out latent codes and a checkpoint/);
    const staleSvg = figureDocument(parseFigureSpec(edited), stale).svg;
    expect(svgImages(staleSvg)).toEqual([]);
    expect(svgTexts(staleSvg).join(' ')).toContain('has no epoch with both held-out latent codes and a checkpoint');
  }, 180_000);
});
