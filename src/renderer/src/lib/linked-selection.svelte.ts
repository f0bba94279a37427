/**
 * The linked views' shared selection: one epoch, one latent dimension and the scatter's axes. Every
 * panel reads it and writes it, so a question asked in one is answered in the others; all three are
 * mirrored into the URL (linked-selection.ts). The brushed region stays with the linked views, the
 * only panels that use it.
 */
import { parseSelection, withSelection, type ScatterAxes, type SelectionState } from './linked-selection';

/** How long the selection must rest before it is written into the URL. */
export const URL_WRITE_DELAY_MS = 200;

export interface HashAccess {
  read(): string;
  replace(hash: string): void;
}

export class LinkedSelection {
  epoch: number | null = $state(null);
  dim: number | null = $state(null);
  axes: ScatterAxes | null = $state.raw(null);

  constructor(private readonly hash: HashAccess) {
    const initial = parseSelection(hash.read());
    this.epoch = initial.epoch;
    this.dim = initial.dim;
    this.axes = initial.axes;
  }

  select(change: Partial<SelectionState>): void {
    if (change.epoch !== undefined) this.epoch = change.epoch;
    if (change.dim !== undefined) this.dim = change.dim;
    if (change.axes !== undefined) this.axes = change.axes;
    // The panels update now; the URL follows once the selections pause. history.replaceState cost
    // ~4 ms a call in Chromium when measured (more than everything else an epoch change does), and a
    // fast run of selections (a slider dragged, clicks along the KL grid) needs only the last one.
    if (this.urlWrite !== null) clearTimeout(this.urlWrite);
    this.urlWrite = setTimeout(() => {
      this.urlWrite = null;
      this.hash.replace(withSelection(this.hash.read(), { epoch: this.epoch, dim: this.dim, axes: this.axes }));
    }, URL_WRITE_DELAY_MS);
  }

  private urlWrite: ReturnType<typeof setTimeout> | null = null;
}
