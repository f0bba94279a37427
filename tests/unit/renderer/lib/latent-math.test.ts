import { describe, expect, it } from 'vitest';
import {
  interpolationPath,
  latentKey,
  latentRow,
  lerp,
  slerp,
  withOffsets,
} from '../../../../src/renderer/src/lib/latent-math';

const norm = (v: number[]) => Math.hypot(...v);
const angle = (a: number[], b: number[]) => Math.acos(a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0) / (norm(a) * norm(b)));

describe('latent paths', () => {
  it('lerp hits both ends and the midpoint', () => {
    expect(lerp([0, 2], [4, -2], 0)).toEqual([0, 2]);
    expect(lerp([0, 2], [4, -2], 1)).toEqual([4, -2]);
    expect(lerp([0, 2], [4, -2], 0.5)).toEqual([2, 0]);
    expect(() => lerp([1], [1, 2], 0.5)).toThrow(/differ in length: 1 and 2/);
  });

  it('slerp follows the great circle: closed form on the unit circle', () => {
    // From (1, 0) to (0, 1), slerp at t is (cos(tπ/2), sin(tπ/2)).
    for (const t of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
      const [x, y] = slerp([1, 0], [0, 1], t);
      expect(x).toBeCloseTo(Math.cos((t * Math.PI) / 2), 12);
      expect(y).toBeCloseTo(Math.sin((t * Math.PI) / 2), 12);
    }
  });

  it('slerp keeps the norm of equal-norm endpoints and moves at constant angular speed in d dimensions', () => {
    const a = [3, -1, 2, 0.5, -2];
    const raw = [-1, 2, 0.3, 2, 1];
    const b = raw.map((x) => (x * norm(a)) / norm(raw));
    const total = angle(a, b);
    for (const t of [0.2, 0.5, 0.7]) {
      const z = slerp(a, b, t);
      expect(norm(z)).toBeCloseTo(norm(a), 10);
      expect(angle(a, z)).toBeCloseTo(t * total, 10);
    }
    // Linear interpolation, by contrast, cuts inside the sphere.
    expect(norm(lerp(a, b, 0.5))).toBeLessThan(norm(a));
  });

  it('slerp falls back to lerp for parallel, opposite or zero vectors', () => {
    expect(slerp([1, 1], [2, 2], 0.5)).toEqual(lerp([1, 1], [2, 2], 0.5));
    expect(slerp([1, 0], [-1, 0], 0.25)).toEqual(lerp([1, 0], [-1, 0], 0.25));
    expect(slerp([0, 0], [1, 2], 0.5)).toEqual([0.5, 1]);
  });

  it('builds paths, rows, traversal vectors and cache keys', () => {
    const path = interpolationPath('linear', [0], [1], 5);
    expect(path.map(([x]) => x)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(() => interpolationPath('linear', [0], [1], 1)).toThrow(/at least 2 points/);
    expect(latentRow([1, 2, 3, 4, 5, 6], 2, 1)).toEqual([3, 4]);
    expect(() => latentRow([1, 2, 3, 4], 2, 2)).toThrow(/out of range: the snapshot has 2 points/);
    expect(withOffsets([1, 2, 3], new Map([[1, -5]]))).toEqual([1, -5, 3]);
    expect(latentKey([0.1234567, 2])).toBe(latentKey([0.12345671, 2.0000001]));
    expect(latentKey([0.1, 2])).not.toBe(latentKey([0.2, 2]));
  });
});
