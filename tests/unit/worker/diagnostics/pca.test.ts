import { describe, expect, it } from 'vitest';
import { pca2d } from '../../../../src/worker/diagnostics/pca';
import { Random } from '../../../../src/worker/random';

const D = 5;
const first = [1, 2, 2, 0, 0].map((v) => v / 3); // unit length
const second = [0, 0, 0, 3, -4].map((v) => v / 5); // unit, orthogonal to `first`

/** Points c + 3a·first + 1.5b·second + 0.1·noise: variances 9 and 2.25 along the two axes, 0.01 elsewhere. */
function cloud(n: number, rng: Random): Float32Array {
  const center = [5, -3, 1, 0.5, 2];
  const points = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    const a = 3 * rng.normal();
    const b = 1.5 * rng.normal();
    for (let k = 0; k < D; k++) {
      points[i * D + k] = (center[k] ?? 0) + a * (first[k] ?? 0) + b * (second[k] ?? 0) + 0.1 * rng.normal();
    }
  }
  return points;
}

const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => Array.from(u).reduce((s, x, k) => s + x * (v[k] ?? 0), 0);

describe('pca2d', () => {
  const n = 4000;
  const points = cloud(n, new Random(12));
  const result = pca2d(points, n, D);

  it('recovers the known principal axes, signed so the largest entry is positive', () => {
    expect(dot(result.components[0], first)).toBeGreaterThan(0.999);
    expect(Math.abs(dot(result.components[1], second))).toBeGreaterThan(0.999);
    // second's largest-magnitude entry is −4/5, so the sign convention flips it.
    expect(dot(result.components[1], second)).toBeLessThan(0);
    expect(Math.abs(dot(result.components[0], result.components[1]))).toBeLessThan(1e-9);
  });

  it('reports the variance along each axis and its share of the total', () => {
    const [v1, v2] = result.explainedVariance;
    expect(Math.abs(v1 - 9.01) / 9.01).toBeLessThan(0.06);
    expect(Math.abs(v2 - 2.26) / 2.26).toBeLessThan(0.06);
    const total = 9 + 2.25 + D * 0.01;
    expect(result.explainedVarianceRatio[0]).toBeCloseTo(v1 / total, 1);
    expect(result.explainedVarianceRatio[0] + result.explainedVarianceRatio[1]).toBeGreaterThan(0.99);
  });

  it('projects the centred points onto the axes, with the projections carrying those variances', () => {
    const means = Array.from({ length: D }, (_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += points[i * D + k] ?? 0;
      return s / n;
    });
    for (const i of [0, 17, 3999]) {
      const centred = Array.from({ length: D }, (_, k) => (points[i * D + k] ?? 0) - (means[k] ?? 0));
      expect(result.projected[2 * i]).toBeCloseTo(dot(centred, result.components[0]), 3);
      expect(result.projected[2 * i + 1]).toBeCloseTo(dot(centred, result.components[1]), 3);
    }
    let sumSquares = 0;
    for (let i = 0; i < n; i++) sumSquares += (result.projected[2 * i] ?? 0) ** 2;
    expect(sumSquares / (n - 1)).toBeCloseTo(result.explainedVariance[0], 2);
  });

  it('is deterministic and copes with no variance at all or a single dimension', () => {
    expect(pca2d(points, n, D).projected).toEqual(result.projected);
    const flat = pca2d(new Float32Array(30).fill(2), 10, 3);
    expect(flat.explainedVariance).toEqual([0, 0]);
    expect(Array.from(flat.projected).every((v) => v === 0)).toBe(true);
    const line = pca2d(Float32Array.from([1, 2, 3, 4]), 4, 1);
    expect(Array.from(line.components[0])).toEqual([1]);
    expect(line.explainedVariance[0]).toBeCloseTo(5 / 3, 12);
    expect(line.explainedVariance[1]).toBe(0);
  });
});
