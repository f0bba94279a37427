import { describe, expect, it } from 'vitest';
import { collapseVerdict } from '../../../../src/shared/collapse-verdict';
import { PRESETS, parseRunConfig, type RunConfig } from '../../../../src/shared/config';
import { readPath } from '../../../../src/shared/experiments/config-paths';
import { doctorPlan } from '../../../../src/shared/experiments/doctor-remedies';
import { rankRemedies, type RankingEntry } from '../../../../src/shared/experiments/remedy-ranking';
import type { EpochEvaluation } from '../../../../src/shared/training-report';

/** Every leaf path where two configs differ. */
function differences(a: unknown, b: unknown, prefix = ''): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null || Array.isArray(a)) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key));
}

describe('the collapse doctor', () => {
  const collapsed = PRESETS['collapse-demo'].config;
  const verdict = collapseVerdict({ mutualInformation: 0.05, points: 1000, totalKl: 0.4, variances: [...Array(4).fill(0.5), ...Array(60).fill(0.0001)] });

  it('derives exactly one change per child from the run’s own config, plus the control on the same seed and horizon', () => {
    const plan = doctorPlan(collapsed, { epochs: 2, stepsPerEpoch: 430, verdict });
    expect(plan.control.optim.epochs).toBe(2);
    expect(differences(collapsed, plan.control)).toEqual(['optim.epochs']);
    expect(plan.remedies.map((r) => r.id)).toEqual(['warmup', 'cyclical', 'free-bits', 'beta', 'lr', 'latent']);
    for (const remedy of plan.remedies) {
      const changed = differences(plan.control, remedy.config);
      expect(changed.every((path) => path.startsWith(remedy.path)), `${remedy.id}: ${changed.join(', ')}`).toBe(true);
      expect(readPath(remedy.config, remedy.path)).toEqual(remedy.value);
      expect(remedy.config.seed).toBe(collapsed.seed);
      expect(remedy.config.data).toEqual(collapsed.data);
    }
    const byId = Object.fromEntries(plan.remedies.map((r) => [r.id, r]));
    expect(byId['warmup']?.value).toEqual({ kind: 'linear', warmupSteps: 430 });
    expect(byId['beta']?.label).toBe('β = 1 (the ELBO)');
    expect(byId['latent']?.value).toBe(4);
  });

  it('offers only what applies: σ for a Gaussian decoder, no KL remedies for IWAE, β < 1 said to be no bound', () => {
    const gaussian = parseRunConfig({ model: { likelihood: 'gaussian' } });
    const ids = (config: RunConfig) => doctorPlan(config, { epochs: 2, stepsPerEpoch: 100, verdict: null }).remedies.map((r) => r.id);
    expect(ids(gaussian)).toContain('decoder-sigma');
    expect(ids(PRESETS['mnist-vae'].config)).not.toContain('decoder-sigma');
    expect(ids(PRESETS.iwae.config)).toEqual(['lr']);
    // A weaker decoder only where the decoder is autoregressive.
    expect(ids(PRESETS['mnist-vae'].config)).not.toContain('weaker-decoder');
    const pixelcnn = parseRunConfig({ model: { decoder: 'pixelcnn', pixelcnn: { layers: 6 } } });
    const weaker = doctorPlan(pixelcnn, { epochs: 2, stepsPerEpoch: 100, verdict: null }).remedies.find((r) => r.id === 'weaker-decoder');
    expect(weaker).toMatchObject({ path: 'model.pixelcnn.layers', value: 3 });
    const beta = doctorPlan(PRESETS['mnist-vae'].config, { epochs: 2, stepsPerEpoch: 100, verdict: null }).remedies.find((r) => r.id === 'beta');
    expect(beta?.label).toBe('β = 0.5 (no longer a bound on log p(x))');
  });
});

function evaluation(mi: number, active: number, elbo: number): EpochEvaluation {
  const klPerDim = Array.from({ length: 8 }, (_, d) => (d < active ? 1 : 0.001));
  return {
    epoch: 2,
    step: 100,
    split: 'validation',
    heldOutPoints: 500,
    elbo,
    elboStdErr: 0.5,
    recon: -elbo,
    kl: 0,
    iwae: null,
    klPerDim,
    posteriorVariance: [],
    activeUnits: { count: active, variances: [], active: [] },
    mutualInformation: mi,
    verdict: null,
    trainSubset: null,
    codebook: null,
    durationMs: 1,
  };
}

describe('ranking the remedies', () => {
  const entry = (variant: string, mi: number, active: number, elbo: number, runId = variant, isControl = false): RankingEntry => ({ variant, isControl, runId, evaluation: evaluation(mi, active, elbo) });

  it('ranks by information, averages replicates, names the winner with its numbers, and marks a costly ELBO', () => {
    const ranking = rankRemedies([
      entry('control', 0.02, 0, -150, 'c1', true),
      entry('control', 0.04, 0, -152, 'c2', true),
      entry('free bits λ = 0.5', 2.5, 5, -149, 'f1'),
      entry('free bits λ = 0.5', 2.7, 6, -151, 'f2'),
      entry('β = 0.5', 4.0, 8, -170, 'b1'),
      entry('lower lr', 0.05, 0, -155, 'l1'),
    ]);
    expect(ranking.variants.map((v) => v.variant)).toEqual(['β = 0.5', 'free bits λ = 0.5', 'lower lr', 'control']);
    expect(ranking.variants[1]?.mutualInformation).toBeCloseTo(2.6, 12);
    expect(ranking.variants[1]?.activeUnits).toBeCloseTo(5.5, 12);
    expect(ranking.winner?.variant).toBe('β = 0.5');
    expect(ranking.winner?.costlyElbo).toBe(true);
    expect(ranking.verdict).toBe(
      'β = 0.5 restores the most information: I(x; z) = 4.00 nats against 0.03 for the control, 8.0 active units against 0.0, ELBO -170.00 against -151.00 — it buys that information with an ELBO 19.00 nats worse.',
    );
  });

  it('names no winner when nothing beats the control, or before the control is evaluated', () => {
    expect(rankRemedies([entry('control', 1, 2, -100, 'c', true), entry('lower lr', 1.05, 2, -100)]).winner).toBeNull();
    const waiting = rankRemedies([{ variant: 'control', isControl: true, runId: 'c', evaluation: null }, entry('lower lr', 1, 2, -100)]);
    expect(waiting.verdict).toBe('Waiting for the control’s first validation evaluation.');
  });
});
