/**
 * Paths through latent space for the explorer's sliders. Pure, unit-tested against closed forms.
 *
 * Linear interpolation cuts through the middle of a Gaussian prior, where the norms of typical
 * samples never lie (a d-dimensional N(0, I) sample has norm ≈ √d); spherical interpolation (slerp,
 * Shoemake 1985, used for generative models by White 2016, "Sampling Generative Networks") keeps
 * the norm of two equal-norm endpoints along the way.
 */

export type InterpolationMode = 'linear' | 'spherical';

function checkSameLength(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError(`latent vectors differ in length: ${a.length} and ${b.length}`);
}

export function lerp(a: readonly number[], b: readonly number[], t: number): number[] {
  checkSameLength(a, b);
  return a.map((value, index) => value + t * ((b[index] as number) - value));
}

function norm(v: readonly number[]): number {
  return Math.sqrt(v.reduce((sum, value) => sum + value * value, 0));
}

/**
 * slerp(a, b; t) = sin((1−t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, with Ω the angle between a and b.
 * Falls back to linear interpolation when the angle is too small (or a vector is zero) for the
 * division to be accurate, and for opposite vectors, where the great circle is not unique.
 */
export function slerp(a: readonly number[], b: readonly number[], t: number): number[] {
  checkSameLength(a, b);
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return lerp(a, b, t);
  const cosine = Math.min(1, Math.max(-1, a.reduce((sum, value, index) => sum + value * (b[index] as number), 0) / (na * nb)));
  const omega = Math.acos(cosine);
  const sine = Math.sin(omega);
  if (sine < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / sine;
  const wb = Math.sin(t * omega) / sine;
  return a.map((value, index) => wa * value + wb * (b[index] as number));
}

export function interpolate(mode: InterpolationMode, a: readonly number[], b: readonly number[], t: number): number[] {
  return mode === 'linear' ? lerp(a, b, t) : slerp(a, b, t);
}

/** `count` evenly spaced points from a to b inclusive. */
export function interpolationPath(mode: InterpolationMode, a: readonly number[], b: readonly number[], count: number): number[][] {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`an interpolation path needs at least 2 points, got ${count}`);
  return Array.from({ length: count }, (_, index) => interpolate(mode, a, b, index / (count - 1)));
}

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
