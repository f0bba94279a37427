import { describe, expect, it } from 'vitest';
import { activeUnits } from '../../../../src/worker/diagnostics/active-units';
import { Random } from '../../../../src/worker/random';

/** n × d encoder means where dimension j is x_j for j < informative and a constant otherwise. */
function encodedMeans(n: number, d: number, informative: number, rng: Random): Float32Array {
  const mu = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[i * d + j] = j < informative ? rng.normal() : 0.7;
  return mu;
}

describe('activeUnits', () => {
  it('counts no active unit when μ does not depend on x', () => {
    const result = activeUnits(encodedMeans(1000, 8, 0, new Random(1)), 1000, 8);
    expect(result.count).toBe(0);
    expect(result.active).toEqual(Array(8).fill(false));
    for (const v of result.variances) expect(v).toBeLessThan(1e-12);
  });

  it("counts d' active units when μ = x on d' dimensions, with variance ≈ Var(x) = 1", () => {
    const result = activeUnits(encodedMeans(5000, 8, 3, new Random(2)), 5000, 8);
    expect(result.count).toBe(3);
    expect(result.active).toEqual([true, true, true, false, false, false, false, false]);
    for (const v of result.variances.slice(0, 3)) expect(Math.abs(v - 1)).toBeLessThan(0.06);
  });

  it('computes the population variance exactly on a small example, despite a large common offset', () => {
    // Column 0: 1e4 + {0, 0.1, 0.2, 0.3} has variance 0.0125; column 1: {1, 3, 1, 3} has 1.
    const mu = Float32Array.from([1e4, 1, 1e4 + 0.1, 3, 1e4 + 0.2, 1, 1e4 + 0.3, 3]);
    const result = activeUnits(mu, 4, 2);
    expect(result.variances[0]).toBeCloseTo(0.0125, 3); // float32 spacing at 1e4 is ~1e-3
    expect(result.variances[1]).toBeCloseTo(1, 12);
    expect(result.count).toBe(2);
    expect(activeUnits(mu, 4, 2, 0.05).count).toBe(1);
  });

  it('names the mismatch when the array does not hold n × d values', () => {
    expect(() => activeUnits(new Float32Array(5), 2, 3)).toThrow(/activeUnits: mu has 5 values but n×d = 2×3 = 6/);
  });
});
