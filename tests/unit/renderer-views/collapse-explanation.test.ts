import { describe, expect, it } from 'vitest';
import { PRESETS, parseRunConfig } from '../../../src/shared/config';
import type { EpochEvaluation } from '../../../src/shared/training-report';
import { collapseLevel, explainCollapse } from '../../../src/renderer/src/views/run/collapse-explanation';

/** An evaluation whose first `active` dimensions carry `kl` + d·`spread` nats and the rest ~0. */
function evaluation(epoch: number, dims: number, active: number, kl = 2, spread = 0.1): EpochEvaluation {
  const klPerDim = Array.from({ length: dims }, (_, d) => (d < active ? kl + d * spread : 0.001));
  const variances = klPerDim.map((value) => (value > 0.01 ? 0.8 : 0.0005));
  const collapsed = klPerDim.map((value) => value < 0.01);
  const totalKl = klPerDim.reduce((sum, value) => sum + value, 0);
  return {
    epoch,
    step: epoch * 70,
    heldOutPoints: 1000,
    elbo: -150,
    recon: 140,
    kl: totalKl,
    iwae: null,
    klPerDim,
    activeUnits: { count: active, variances, active: collapsed.map((c) => !c) },
    mutualInformation: 1.5,
    collapse: { collapsed, collapsedCount: dims - active, activeCount: active, totalKl },
    codebook: null,
    durationMs: 100,
  };
}

describe('the collapse explanation', () => {
  it('grades collapse by the share of dimensions', () => {
    expect(collapseLevel(0, 20)).toBe('none');
    expect(collapseLevel(10, 20)).toBe('partial');
    expect(collapseLevel(11, 20)).toBe('severe');
    expect(collapseLevel(20, 20)).toBe('total');
    expect(collapseLevel(0, 0)).toBe('not-applicable');
    // 20 of 64 below the threshold and 20 more barely above it: the code says almost nothing.
    expect(collapseLevel(20, 64, 20)).toBe('weak');
    expect(collapseLevel(20, 64, 10)).toBe('partial');
  });

  it('says what it does not know yet', () => {
    const report = explainCollapse({ config: PRESETS['mnist-vae'].config, evaluations: [], stepsPerEpoch: null });
    expect(report.level).toBe('pending');
    expect(report.warn).toBe(false);
  });

  it('writes the collapse-demo story from the run’s own numbers and config', () => {
    // β = 4 here, whatever the preset uses today: the text must quote the run's own β.
    const config = parseRunConfig({ ...PRESETS['collapse-demo'].config, objective: { beta: 4 } });
    const report = explainCollapse({ config, evaluations: [evaluation(1, 64, 25), evaluation(3, 64, 23)], stepsPerEpoch: 469 });
    expect(report.level).toBe('severe');
    expect(report.warn).toBe(true);
    expect(report.headline).toBe('Posterior collapse: 41 of 64 dimensions collapsed');
    const text = report.findings.join(' ');
    expect(text).toContain('41 of 64 latent dimensions carry < 0.01 nats of KL after epoch 3');
    expect(text).toContain('Active units (the posterior mean μ varies across inputs, Var > 0.01): 23 of 64');
    expect(text).toContain('cannot exceed log 1000 = 6.91 nats');
    expect(text).toContain('The collapse is growing: 39 dimensions were collapsed after epoch 1, 41 now.');
    const fixes = Object.fromEntries(report.fixes.map((fix) => [fix.id, fix.advice]));
    expect(Object.keys(fixes)).toEqual(['warmup', 'free-bits', 'beta', 'decoder', 'latent']);
    // β = 4, constant schedule, 10 epochs of 469 steps: warm up over 3 epochs ≈ 1407 steps.
    expect(fixes['warmup']).toContain('This run uses β = 4 from the first step with no warm-up');
    expect(fixes['warmup']).toContain('over the first 3 epochs (warmupSteps ≈ 1407 here)');
    expect(text).toContain('The other 23 dimensions carry 71.3 nats in total; the most informative, z22, 4.2 nats.');
    expect(fixes['free-bits']).toContain('Free bits are off');
    expect(fixes['beta']).toContain('β = 4 charges each nat of KL 4 times');
    expect(fixes['decoder']).toContain('2 hidden layers of 512-512 units');
    expect(fixes['decoder']).toContain('hidden = [256]');
    expect(fixes['latent']).toContain('Only 23 of 64 dimensions are in use: latentDim = 23');
  });

  it('warns when most dimensions are collapsed or barely used, and says how little they carry', () => {
    const config = PRESETS['collapse-demo'].config;
    const weak = evaluation(2, 64, 36, 0.02, 0.001);
    const report = explainCollapse({ config, evaluations: [weak], stepsPerEpoch: 71 });
    expect(report.level).toBe('weak');
    expect(report.warn).toBe(true);
    expect(report.headline).toBe('Near-total collapse: 28 of 64 dimensions collapsed and 36 more carry < 0.1 nats');
    expect(report.findings.join(' ')).toContain('All 36 remaining dimensions carry less than 0.1 nats each: barely informative.');
    expect(report.fixes.map((fix) => fix.id)).toContain('latent');
  });

  it('tailors the fixes to a run that already anneals, uses free bits and β < 1', () => {
    const config = parseRunConfig({ model: { hidden: [400], latentDim: 20 }, objective: { beta: 0.5, freeBits: 0.25, klSchedule: { kind: 'linear', warmupSteps: 2000 } } });
    const report = explainCollapse({ config, evaluations: [evaluation(2, 20, 2)], stepsPerEpoch: 500 });
    const fixes = Object.fromEntries(report.fixes.map((fix) => [fix.id, fix.advice]));
    expect(fixes['warmup']).toContain('β already warms up linearly over 2000 steps (about 4 epochs)');
    expect(fixes['free-bits']).toContain('Free bits are on at λ = 0.25');
    expect(fixes['beta']).toBeUndefined();
  });

  it('stays quiet about fixes when nothing collapsed, and offers no β advice for IWAE', () => {
    const healthy = explainCollapse({ config: PRESETS['mnist-vae'].config, evaluations: [evaluation(1, 20, 20)], stepsPerEpoch: 469 });
    expect(healthy.level).toBe('none');
    expect(healthy.fixes).toEqual([]);
    expect(healthy.headline).toBe('No posterior collapse: all 20 dimensions carry information');
    const iwae = explainCollapse({ config: PRESETS.iwae.config, evaluations: [evaluation(1, 50, 0)], stepsPerEpoch: 469 });
    expect(iwae.level).toBe('total');
    expect(iwae.fixes.map((fix) => fix.id)).toEqual(['decoder']);
  });

  it('speaks of codebook usage for a VQ-VAE', () => {
    const vq: EpochEvaluation = { ...evaluation(1, 0, 0), codebook: { codebookSize: 64, usedCodes: 9, perplexity: 5.2 } };
    const report = explainCollapse({ config: PRESETS['vq-vae'].config, evaluations: [vq], stepsPerEpoch: null });
    expect(report.level).toBe('not-applicable');
    expect(report.findings[0]).toContain('9 of 64 codes are in use');
    expect(report.fixes.map((fix) => fix.id)).toEqual(['codebook']);
  });
});
