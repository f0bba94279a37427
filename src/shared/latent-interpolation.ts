/**
 * Paths through latent space: the latent explorer's interpolation slider and strip, and a figure's
 * interpolation panel, which the host decodes the same way. Pure, unit-tested against closed forms.
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
