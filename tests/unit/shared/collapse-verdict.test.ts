/**
 * The collapse verdict on constructed encoders, with the real estimators (He et al.'s MI, Burda's
 * active units): an informative code that leaves dimensions unused is not collapse; a code with no
 * information is, even when free bits keep its KL up.
 */
import { describe, expect, it } from 'vitest';
import { collapseVerdict, type CollapseVerdict } from '../../../src/shared/collapse-verdict';
import { activeUnits } from '../../../src/worker/diagnostics/active-units';
import { mutualInformation } from '../../../src/worker/diagnostics/mutual-information';
import { Random } from '../../../src/worker/random';

const N = 1000;
const D = 50;

/** μ and log σ² for N points: `encode(i, d, rng)` gives one dimension of one point. */
function encoder(encode: (d: number, rng: Random) => { mu: number; logVar: number }): { mu: Float32Array; logVar: Float32Array } {
  const rng = new Random(11);
  const mu = new Float32Array(N * D);
  const logVar = new Float32Array(N * D);
  for (let i = 0; i < N; i++) {
    for (let d = 0; d < D; d++) {
      const q = encode(d, rng);
      mu[i * D + d] = q.mu;
      logVar[i * D + d] = q.logVar;
    }
  }
  return { mu, logVar };
}

function verdictOf({ mu, logVar }: { mu: Float32Array; logVar: Float32Array }): CollapseVerdict {
  let kl = 0;
  for (let k = 0; k < mu.length; k++) kl += 0.5 * ((mu[k] as number) ** 2 + Math.exp(logVar[k] as number) - 1 - (logVar[k] as number));
  const mi = mutualInformation(mu, logVar, N, D, new Random(5));
  return collapseVerdict({ mutualInformation: mi, points: N, totalKl: kl / N, variances: activeUnits(mu, N, D).variances });
}

describe('collapse verdict', () => {
  it('an informative 50-d code with 20 active dimensions has 30 unused dimensions, and is not collapse', () => {
    const verdict = verdictOf(encoder((d, rng) => (d < 20 ? { mu: rng.normal(), logVar: Math.log(0.05) } : { mu: 0.001 * rng.normal(), logVar: 0 })));
    expect(verdict.level).toBe('informative');
    expect(verdict.activeUnits).toBe(20);
    expect(verdict.unusedCount).toBe(30);
    expect(verdict.unused.slice(0, 20).every((u) => !u)).toBe(true);
    expect(verdict.mutualInformation).toBeGreaterThan(0.9 * Math.log(N));
  });

  it('a code on the prior for every x (MI ≈ 0) is collapsed', () => {
    const verdict = verdictOf(encoder(() => ({ mu: 0, logVar: 0 })));
    expect(verdict.mutualInformation).toBeLessThan(0.05);
    expect(verdict.totalKl).toBeCloseTo(0, 9);
    expect(verdict.level).toBe('collapsed');
    expect(verdict.unusedCount).toBe(D);
  });

  it('free bits paying KL for a code that ignores x is still collapse: the KL shows up as marginal KL', () => {
    // Every x gets the same posterior N(0.5, e^-1) in every dimension: KL ≈ 0.31 nats per dimension, no information.
    const verdict = verdictOf(encoder(() => ({ mu: 0.5, logVar: -1 })));
    expect(verdict.totalKl).toBeGreaterThan(10);
    expect(verdict.mutualInformation).toBeLessThan(0.05);
    expect(verdict.level).toBe('collapsed');
    expect(verdict.marginalKl).toBeCloseTo(verdict.totalKl - verdict.mutualInformation, 9);
  });

  it('a code that tells apart only a few groups of images is weak', () => {
    // One active dimension that only says which of 4 groups x belongs to: about ln 4 = 1.4 nats.
    const verdict = verdictOf(encoder((d, rng) => (d === 0 ? { mu: 3 * (rng.int(4) - 1.5), logVar: Math.log(0.01) } : { mu: 0, logVar: 0 })));
    expect(verdict.mutualInformation).toBeGreaterThan(1.2);
    expect(verdict.mutualInformation).toBeLessThan(1.5);
    expect(verdict.level).toBe('weak');
  });

  it('refuses too few points', () => {
    expect(() => collapseVerdict({ mutualInformation: 1, points: 1, totalKl: 1, variances: [1] })).toThrow(/at least 2 points/);
  });
});
