import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/shared/config';
import { normalizeEvaluation } from '../../../src/shared/evaluation-compat';
import { likelihoodAccounting } from '../../../src/shared/likelihood-accounting';
import type { EpochEvaluation } from '../../../src/shared/training-report';

/** An evaluation as the store holds it for runs recorded before the validation split. */
const legacy = {
  epoch: 2,
  step: 938,
  heldOutPoints: 10000,
  elbo: -115,
  recon: 90,
  kl: 25,
  iwae: { k: 50, points: 500, bound: -111, nll: 111, bitsPerDim: 0.204 },
  klPerDim: [12, 13, 0.001],
  activeUnits: { count: 2, variances: [1, 1, 0.001], active: [true, true, false] },
  mutualInformation: 7.4,
  collapse: { collapsed: [false, false, true], collapsedCount: 1, activeCount: 2, totalKl: 25 },
  codebook: null,
  durationMs: 10,
} as unknown as EpochEvaluation;

describe('evaluations recorded before the evaluation protocol', () => {
  it('read as test-set numbers, with a verdict rebuilt from their MI, and no NLL where the likelihood is not one', () => {
    const grey = normalizeEvaluation(legacy, likelihoodAccounting(parseRunConfig({})));
    expect(grey.split).toBe('test');
    expect(grey.iwae?.nll).toBeNull();
    expect(grey.iwae?.bound).toBe(-111);
    expect(grey.verdict?.level).toBe('informative');
    expect(grey.verdict?.unusedCount).toBe(1);
    expect(grey.trainSubset).toBeNull();
    const binarized = normalizeEvaluation(legacy, likelihoodAccounting(parseRunConfig({ data: { binarization: 'static' } })));
    expect(binarized.iwae?.nll).toBe(111);
  });
});
