/**
 * The linked views' selection — epoch, latent dimension, the scatter's axes — as it lives in the URL
 * (the query of a run's latent route, `#/run/<id>/latent?epoch=3&dim=5&axes=2,7`), so a view can be
 * reopened and shared; and the geometry the views share: default axes by KL, the points inside a
 * brushed rectangle, the mean code of a region. Pure, so it is unit-tested.
 */

/** 'pca': the snapshot's 2-D projection; a pair: two latent dimensions. */
export type ScatterAxes = 'pca' | readonly [number, number];

export interface SelectionState {
  epoch: number | null;
  dim: number | null;
  axes: ScatterAxes | null;
}

export interface BrushRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const wholeNumber = (text: string | null): number | null => {
  if (text === null || !/^\d{1,6}$/.test(text)) return null;
  return Number(text);
};

/** Reads the selection from a hash's query; anything malformed is ignored (the view's defaults apply). */
export function parseSelection(hash: string): SelectionState {
  const query = new URLSearchParams(hash.split('?', 2)[1] ?? '');
  const axesText = query.get('axes');
  let axes: ScatterAxes | null = null;
  if (axesText === 'pca') axes = 'pca';
  else if (axesText) {
    const [a, b, extra] = axesText.split(',').map(wholeNumber);
    if (a != null && b != null && extra === undefined && a !== b) axes = [a, b];
  }
  return { epoch: wholeNumber(query.get('epoch')), dim: wholeNumber(query.get('dim')), axes };
}

/** Writes the selection into a hash, keeping its path and any other query parameters. */
export function withSelection(hash: string, selection: SelectionState): string {
  const [path = '', queryText = ''] = hash.split('?', 2);
  const query = new URLSearchParams(queryText);
  const set = (key: string, value: string | null) => (value === null ? query.delete(key) : query.set(key, value));
  set('epoch', selection.epoch === null ? null : String(selection.epoch));
  set('dim', selection.dim === null ? null : String(selection.dim));
  set('axes', selection.axes === null ? null : selection.axes === 'pca' ? 'pca' : selection.axes.join(','));
  const text = query.toString().replaceAll('%2C', ',');
  return text ? `${path}?${text}` : path;
}

/** The two dimensions with the most KL (ties: the lower index), or [0, 1]; null below 2 dimensions. */
export function defaultAxes(klPerDim: readonly number[], dim: number): readonly [number, number] | null {
  if (dim < 2) return null;
  const order = Array.from({ length: dim }, (_, d) => d).sort((a, b) => (klPerDim[b] ?? 0) - (klPerDim[a] ?? 0) || a - b);
  return [order[0] as number, order[1] as number];
}

/** Each point's (x, y) for the chosen axes: a PCA projection [count·2] or two columns of μ [count·dim]. */
export function scatterCoordinates(axes: ScatterAxes, mu: readonly number[], projection: readonly number[], count: number, dim: number): Float32Array {
  const xy = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    if (axes === 'pca') {
      xy[2 * i] = projection[2 * i] ?? 0;
      xy[2 * i + 1] = projection[2 * i + 1] ?? 0;
    } else {
      xy[2 * i] = mu[i * dim + axes[0]] ?? 0;
      xy[2 * i + 1] = mu[i * dim + axes[1]] ?? 0;
    }
  }
  return xy;
}

/** Indices of the points inside the rectangle (its corners in either order), ascending. */
export function pointsInRect(xy: Float32Array, rect: BrushRect): number[] {
  const [xLow, xHigh] = rect.x0 <= rect.x1 ? [rect.x0, rect.x1] : [rect.x1, rect.x0];
  const [yLow, yHigh] = rect.y0 <= rect.y1 ? [rect.y0, rect.y1] : [rect.y1, rect.y0];
  const inside: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[2 * i] as number;
    const y = xy[2 * i + 1] as number;
    if (x >= xLow && x <= xHigh && y >= yLow && y <= yHigh) inside.push(i);
  }
  return inside;
}

/** The mean of the chosen points' codes (μ rows), or null when none is chosen. */
export function meanCode(mu: readonly number[], dim: number, indices: readonly number[]): number[] | null {
  if (indices.length === 0) return null;
  const mean = new Array<number>(dim).fill(0);
  for (const i of indices) for (let d = 0; d < dim; d++) mean[d] = (mean[d] as number) + (mu[i * dim + d] ?? 0);
  return mean.map((sum) => sum / indices.length);
}

/** Codes along one dimension from a base code: base with z_dim set to each value. */
export function traversalCodes(base: readonly number[], dim: number, values: readonly number[]): number[][] {
  return values.map((value) => base.map((v, d) => (d === dim ? value : v)));
}
