import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../../src/shared/config';
import type { EpochEvaluation } from '../../../../../src/shared/training-report';
import { evaluationLines } from '../../../../../src/renderer/src/views/run/evaluation-summary';
import { evaluationComparability } from '../../../../../src/renderer/src/views/compare/compare-tables';

const evaluation: EpochEvaluation = {
  epoch: 4,
  step: 1720,
  split: 'validation',
  heldOutPoints: 5000,
  elbo: -110.5,
  elboStdErr: 0.31,
  recon: 85,
  kl: 25.5,
  iwae: { k: 50, points: 500, bound: -106, boundStdErr: 1.1, elbo: -110.9, elboStdErr: 1.15, nll: null, bitsPerDim: null },
  klPerDim: [1, 2],
  posteriorVariance: [0.2, 0.4],
  activeUnits: { count: 2, variances: [1, 1], active: [true, true] },
  mutualInformation: 7,
  verdict: null,
  trainSubset: { points: 2000, elbo: -109.5, elboStdErr: 0.4 },
  codebook: null,
  durationMs: 1,
};

describe('the words beside each held-out number', () => {
  it('names split, points, estimator and standard error, and gives no NLL for BCE on grey levels', () => {
    const lines = Object.fromEntries(evaluationLines(evaluation, parseRunConfig({})).map((line) => [line.id, line]));
    expect(lines['elbo']?.label).toBe('ELBO · validation, 5000 points');
    expect(lines['elbo']?.value).toBe('-110.5 ± 0.31 nats');
    expect(lines['iwae']?.label).toBe('IWAE-50 bound, 500 points · validation');
    expect(lines['iwae']?.help).toContain('the ELBO on the same points and samples is -110.9 ± 1.1, so the gap is 4.9 nats');
    expect(lines['nll']).toBeUndefined();
    expect(lines['not-nll']?.value).toBe('BCE on grey levels, not a likelihood');
    expect(lines['gap']?.value).toBe('1 nats');
    expect(lines['posterior-variance']?.value).toBe('0.3');
  });

  it('calls a binarized Bernoulli bound an NLL, with bits/dim', () => {
    const binarized = { ...evaluation, iwae: { k: 50, points: 500, bound: -106, boundStdErr: 1.1, elbo: -110.9, elboStdErr: 1.15, nll: 106, bitsPerDim: 0.195 } };
    const lines = evaluationLines(binarized, parseRunConfig({ data: { binarization: 'static' } }));
    const nll = lines.find((line) => line.id === 'nll');
    expect(nll?.label).toBe('NLL ≤ · validation (IWAE-50 bound, 500 points)');
    expect(nll?.value).toBe('106 nats · 0.195 bits/dim');
  });
});

describe('which runs may be ranked against each other', () => {
  const run = (name: string, config: unknown, datasetHash = 'h1') => ({ name, config: parseRunConfig(config), datasetHash });
  it('ranks runs on the same data, split and kind of likelihood', () => {
    expect(evaluationComparability([run('a', {}), run('b', { objective: { beta: 4 } })])).toEqual({ comparable: true, reason: null });
  });
  it('refuses to rank a BCE on grey levels against a binarized NLL, different data or different splits', () => {
    expect(evaluationComparability([run('a', {}), run('b', { data: { binarization: 'static' } })]).reason).toBe(
      'a reports BCE on grey levels, not a likelihood, b Bernoulli NLL on statically binarized pixels',
    );
    expect(evaluationComparability([run('a', {}), run('b', {}, 'h2')]).reason).toBe('a and b were evaluated on different data');
    expect(evaluationComparability([run('a', {}), run('b', { data: { validationFraction: 0 } })]).comparable).toBe(false);
  });
});
