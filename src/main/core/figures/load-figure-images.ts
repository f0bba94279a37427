/**
 * The image grids a figure's image panels name, read from the run's stored epoch snapshots and
 * encoded as PNG (lossless: the exact decoder means the run stored, 8 bits per channel).
 */
import type { FigureImageGrid } from '../../../shared/figures/figure-data';
import type { FigureSpec } from '../../../shared/figures/figure-spec';
import { SNAPSHOT_KINDS } from '../runs/snapshot-codec';
import type { RunStore } from '../store/run-store';
import { gridPng } from './grid-png';

const KIND_OF_GRID = { reconstructions: SNAPSHOT_KINDS.reconstructions, samples: SNAPSHOT_KINDS.priorSamples, traversals: SNAPSHOT_KINDS.traversals } as const;

type Wanted = { grid: FigureImageGrid['grid']; epoch: number | 'last' };

export function wantedImages(spec: FigureSpec): Wanted[] {
  return spec.panels.flatMap((panel) => (panel.kind === 'images' ? [{ grid: panel.grid, epoch: panel.epoch }] : []));
}

export function loadFigureImages(store: RunStore, runId: string, wanted: readonly Wanted[]): FigureImageGrid[] {
  const images: FigureImageGrid[] = [];
  for (const { grid, epoch } of wanted) {
    const kind = KIND_OF_GRID[grid];
    const epochs = store.listSnapshots(runId, kind).map((info) => info.epoch);
    const chosen = epoch === 'last' ? (epochs.length > 0 ? Math.max(...epochs) : null) : epoch;
    if (chosen === null || !epochs.includes(chosen) || images.some((image) => image.grid === grid && image.epoch === chosen)) continue;
    const snapshot = store.getSnapshot(runId, kind, chosen);
    const meta = snapshot.meta as Record<string, unknown>;
    const [width, height, channels, rows, columns] = ['width', 'height', 'channels', 'rows', 'columns'].map((key) => Number(meta[key]));
    images.push({ epoch: chosen, grid, width: width ?? 0, height: height ?? 0, rows: rows ?? 1, columns: columns ?? 1, pngBase64: gridPng({ pixels: snapshot.data as Uint8Array, width: width ?? 0, height: height ?? 0, channels: channels === 3 ? 3 : 1 }) });
  }
  return images;
}
