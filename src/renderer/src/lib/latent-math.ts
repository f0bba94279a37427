/**
 * Latent-space arithmetic for the explorer's sliders. Pure, unit-tested against closed forms. The
 * interpolation paths live in shared/ (a figure's interpolation panel is decoded by the host along
 * the same path) and are re-exported here for the explorer.
 */
export { interpolate, interpolationPath, lerp, slerp, type InterpolationMode } from '../../../shared/latent-interpolation';

/** Row `index` of a row-major count × dim matrix (LatentPayload.mu). */
export function latentRow(mu: readonly number[], dim: number, index: number): number[] {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`latent dimension must be a positive integer, got ${dim}`);
  const count = Math.floor(mu.length / dim);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`latent point ${index} is out of range: the snapshot has ${count} points`);
  }
  return mu.slice(index * dim, (index + 1) * dim);
}

/** `base` with some coordinates replaced: the traversal sliders' latent vector. */
export function withOffsets(base: readonly number[], values: ReadonlyMap<number, number>): number[] {
  return base.map((value, dimension) => values.get(dimension) ?? value);
}

/** A stable cache key for a latent vector (6 significant digits is far below the decoder's sensitivity). */
export function latentKey(z: readonly number[]): string {
  return z.map((value) => value.toPrecision(6)).join(',');
}

/** Column `dimension` of a row-major count × dim matrix: every point's value on one latent axis. */
export function latentColumn(mu: readonly number[], dim: number, dimension: number): number[] {
  const count = Math.floor(mu.length / dim);
  return Array.from({ length: count }, (_, index) => mu[index * dim + dimension] as number);
}

/**
 * A traversal slider's range for one dimension: wide enough for every value given (the data's μ on
 * that axis, the host's own sweep), never narrower than ±minimum (the prior's ±3σ), rounded out to
 * halves. A slider fixed at ±3 clamped codes the data puts at 4.28.
 */
export function traversalRange(values: Iterable<number>, minimum = 3): [number, number] {
  let low = -minimum;
  let high = minimum;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return [Math.floor(low * 2) / 2, Math.ceil(high * 2) / 2];
}
