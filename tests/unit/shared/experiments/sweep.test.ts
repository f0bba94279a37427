import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../src/shared/config';
import { expandSweep, parseGridArgument } from '../../../../src/shared/experiments/sweep';

const base = PRESETS['mnist-vae'].config;

describe('sweep expansion', () => {
  it('expands a grid into its Cartesian product, each with every seed replicate', () => {
    const result = expandSweep(base, { grid: { 'objective.beta': [0.5, 1, 2, 4], 'model.latentDim': [8, 16] }, seeds: 3, epochs: 2 });
    if (!result.ok) throw new Error(result.issues.join('; '));
    expect(result.variants).toHaveLength(4 * 2 * 3);
    const first = result.variants[0];
    expect(first?.variant).toBe('objective.beta = 0.5, model.latentDim = 8');
    expect(first?.config.objective.beta).toBe(0.5);
    expect(first?.config.optim.epochs).toBe(2);
    expect(result.variants.slice(0, 3).map((v) => [v.replicate, v.config.seed])).toEqual([
      [0, base.seed],
      [1, base.seed + 1],
      [2, base.seed + 2],
    ]);
    // The base config is never modified.
    expect(base.objective.beta).toBe(1);
  });

  it('draws seeded random configs, the same for the same seed', () => {
    const spec = { random: { count: 5, seed: 3, fields: { 'optim.lr': { min: 1e-4, max: 1e-2, scale: 'log' }, 'model.latentDim': { values: [4, 8, 16] } } } };
    const a = expandSweep(base, spec);
    const b = expandSweep(base, spec);
    if (!a.ok || !b.ok) throw new Error('expected a sweep');
    expect(a.variants.map((v) => v.change)).toEqual(b.variants.map((v) => v.change));
    for (const v of a.variants) {
      expect(v.config.optim.lr).toBeGreaterThanOrEqual(1e-4);
      expect(v.config.optim.lr).toBeLessThanOrEqual(1e-2);
      expect([4, 8, 16]).toContain(v.config.model.latentDim);
    }
  });

  it('refuses invalid fields with one message each', () => {
    const result = expandSweep(base, { grid: { 'objective.betta': [1], 'optim.lr': [0.001], 'model.depth': [2] } });
    expect(result).toEqual({
      ok: false,
      issues: [
        '"objective.betta" is not a config field: objective has kind, iwaeK, beta, klSchedule, freeBits',
        expect.stringMatching(/^"model.depth" is not a config field: model has kind, .*hidden, latentDim/),
      ],
    });
    const values = expandSweep(base, { grid: { 'objective.beta': [1, -2], 'optim.lr': [0] } });
    expect(values.ok).toBe(false);
    if (!values.ok) {
      expect(values.issues.sort()).toEqual(['objective.beta = -2: beta must be ≥ 0', 'optim.lr = 0: lr must be > 0']);
    }
    expect(expandSweep(base, {})).toEqual({ ok: false, issues: ['the sweep changes nothing: give grid or random fields, or seeds > 1'] });
    expect(expandSweep(base, { grid: { seed: [1, 2] } })).toEqual({ ok: false, issues: ['vary the seed with `seeds` (replicates), not as a field'] });
  });

  it('reads CLI grid arguments', () => {
    expect(parseGridArgument('objective.beta=0.5,1,2,4')).toEqual(['objective.beta', [0.5, 1, 2, 4]]);
    expect(parseGridArgument('model.likelihood=bernoulli,gaussian')).toEqual(['model.likelihood', ['bernoulli', 'gaussian']]);
    expect(parseGridArgument('model.hidden=[[400],[200,200]]')).toEqual(['model.hidden', [[400], [200, 200]]]);
    expect(() => parseGridArgument('beta')).toThrow(/must look like field=value1,value2/);
  });
});
