import { describe, expect, it } from 'vitest';
import { collapseVerdict } from '../../../../../src/shared/collapse-verdict';
import { PRESETS, parseRunConfig } from '../../../../../src/shared/config';
import type { EpochEvaluation } from '../../../../../src/shared/training-report';
import { explainCollapse } from '../../../../../src/renderer/src/views/run/collapse-explanation';

/** An evaluation with `active` informative dimensions of `dims`, the code carrying `mi` nats about x (estimated on 1,000 points). */
function evaluation(epoch: number, dims: number, active: number, mi: number, kl = 2): EpochEvaluation {
  const klPerDim = Array.from({ length: dims }, (_, d) => (d < active ? kl + d * 0.1 : 0.001));
  const variances = klPerDim.map((value) => (value > 0.01 ? 0.8 : 0.0005));
  const totalKl = klPerDim.reduce((sum, value) => sum + value, 0);
  return {
    epoch,
    step: epoch * 70,
    split: 'validation',
    heldOutPoints: 1000,
    elbo: -150,
    elboStdErr: 0.5,
    recon: 140,
    kl: totalKl,
    iwae: null,
    klPerDim,
    posteriorVariance: klPerDim.map((value) => (value > 0.01 ? 0.1 : 1)),
    activeUnits: { count: active, variances, active: variances.map((v) => v > 0.01) },
    mutualInformation: mi,
    verdict: dims === 0 ? null : collapseVerdict({ mutualInformation: mi, points: 1000, totalKl, variances }),
    trainSubset: null,
    codebook: null,
    durationMs: 100,
  };
}

describe('the collapse explanation', () => {
  it('says what it does not know yet', () => {
    const report = explainCollapse({ config: PRESETS['mnist-vae'].config, evaluations: [], stepsPerEpoch: null });
    expect(report.level).toBe('pending');
    expect(report.warn).toBe(false);
  });

  it('calls an informative code with many unused dimensions healthy pruning, not collapse, and offers no fixes', () => {
    const config = PRESETS.iwae.config;
    const report = explainCollapse({ config, evaluations: [evaluation(3, 50, 20, 6.8)], stepsPerEpoch: 430 });
    expect(report.level).toBe('informative');
    expect(report.warn).toBe(false);
    expect(report.headline).toBe('No posterior collapse: the code is informative (I(x; z) = 6.8 nats); 30 of 50 dimensions unused (pruned), which is normal');
    expect(report.fixes).toEqual([]);
    const text = report.findings.join(' ');
    expect(text).toContain('Active units (Burda et al.: Var_x E_q[z_d] > 0.01): 20 of 50; 30 unused (pruned) dimensions.');
    expect(text).toContain('it cannot exceed ln 1000 = 6.91 nats');
    expect(text).toContain('over-estimated here: the MI estimate is at its ceiling');
  });

  it('writes the collapse-demo story from the run’s own numbers and config, with remedies that apply to it', () => {
    // β = 4 here, whatever the preset uses today: the text must quote the run's own β.
    const config = parseRunConfig({ ...PRESETS['collapse-demo'].config, objective: { beta: 4 } });
    const report = explainCollapse({ config, evaluations: [evaluation(1, 64, 3, 0.6, 0.3), evaluation(3, 64, 3, 1.2, 0.5)], stepsPerEpoch: 469 });
    expect(report.level).toBe('weak');
    expect(report.warn).toBe(true);
    expect(report.headline).toBe('Weak code: I(x; z) = 1.2 nats, less than half of the 6.91 nats 1000 points can show');
    const text = report.findings.join(' ');
    expect(text).toContain('I(x; z) grew from 0.6 nats after epoch 1 to 1.2 now.');
    expect(text).toContain('a "weaker decoder" is not the lever here');
    const fixes = Object.fromEntries(report.fixes.map((fix) => [fix.id, fix.advice]));
    expect(Object.keys(fixes)).toEqual(['beta', 'warmup', 'free-bits']);
    expect(fixes['beta']).toContain('β = 4 charges each nat of KL 4 times');
    // β = 4, constant schedule, 10 epochs of 469 steps: warm up over 3 epochs ≈ 1407 steps.
    expect(fixes['warmup']).toContain('This run uses β = 4 from the first step with no warm-up');
    expect(fixes['warmup']).toContain('over the first 3 epochs (warmupSteps ≈ 1407 here)');
    expect(fixes['free-bits']).toContain('Free bits are off');
  });

  it('sees through free bits: KL held up with no information is collapse, and says so', () => {
    const config = parseRunConfig({ model: { hidden: [400], latentDim: 20 }, objective: { beta: 0.5, freeBits: 0.25, klSchedule: { kind: 'linear', warmupSteps: 2000 } } });
    const held = evaluation(2, 20, 20, 0.02, 0.25);
    const report = explainCollapse({ config, evaluations: [held], stepsPerEpoch: 500 });
    expect(report.level).toBe('collapsed');
    expect(report.headline).toMatch(/^Posterior collapse: the code carries almost no information \(I\(x; z\) = 0\.02 nats\) although it costs \d/);
    const fixes = Object.fromEntries(report.fixes.map((fix) => [fix.id, fix.advice]));
    expect(fixes['warmup']).toContain('β already warms up linearly over 2000 steps (about 4 epochs)');
    expect(fixes['free-bits']).toContain('Free bits are on at λ = 0.25');
    expect(fixes['free-bits']).toContain('they do not make it informative');
    // β < 1 is not "a looser bound": it is no longer a bound on log p(x).
    expect(fixes['beta']).toContain('no longer a bound on log p(x)');
  });

  it('offers the observation noise σ for a Gaussian decoder, and never a weaker decoder for a factorized one', () => {
    const learned = explainCollapse({ config: parseRunConfig({ model: { likelihood: 'gaussian' } }), evaluations: [evaluation(1, 20, 0, 0.01, 0.001)], stepsPerEpoch: 100 });
    expect(learned.fixes.find((fix) => fix.id === 'decoder-sigma')?.advice).toContain('a larger σ means more collapse, Lucas et al. 2019');
    const fixed = explainCollapse({ config: parseRunConfig({ model: { likelihood: 'gaussian', gaussianSigma: 0.2 } }), evaluations: [evaluation(1, 20, 0, 0.01, 0.001)], stepsPerEpoch: 100 });
    expect(fixed.fixes.find((fix) => fix.id === 'decoder-sigma')?.advice).toContain('A smaller σ (e.g. 0.1)');
    const bernoulli = explainCollapse({ config: PRESETS['mnist-vae'].config, evaluations: [evaluation(1, 20, 0, 0.01, 0.001)], stepsPerEpoch: 100 });
    expect(bernoulli.fixes.map((fix) => fix.id)).not.toContain('decoder-sigma');
    expect(JSON.stringify(bernoulli.fixes)).not.toContain('weaker decoder');
  });

  it('offers an autoregressive decoder a lower learning rate and a weaker decoder', () => {
    const report = explainCollapse({ config: PRESETS['pixelcnn-vae'].config, evaluations: [evaluation(1, 16, 0, 0.001, 0.001)], stepsPerEpoch: 1719 });
    expect(report.level).toBe('collapsed');
    const fixes = Object.fromEntries(report.fixes.map((fix) => [fix.id, fix.advice]));
    expect(Object.keys(fixes)).toEqual(['warmup', 'free-bits', 'beta', 'lower-lr', 'weaker-decoder']);
    expect(fixes['lower-lr']).toContain('Try lr 0.00333');
    expect(fixes['weaker-decoder']).toContain('Fewer layers (e.g. 2)');
  });

  it('offers no β advice for IWAE, whose bound has no KL weight', () => {
    const iwae = explainCollapse({ config: PRESETS.iwae.config, evaluations: [evaluation(1, 50, 0, 0.01, 0.001)], stepsPerEpoch: 469 });
    expect(iwae.level).toBe('collapsed');
    expect(iwae.fixes).toEqual([]);
  });

  it('speaks of codebook usage for a VQ-VAE', () => {
    const vq: EpochEvaluation = { ...evaluation(1, 0, 0, 0), mutualInformation: null, codebook: { codebookSize: 64, usedCodes: 9, perplexity: 5.2 } };
    const report = explainCollapse({ config: PRESETS['vq-vae'].config, evaluations: [vq], stepsPerEpoch: null });
    expect(report.level).toBe('not-applicable');
    expect(report.findings[0]).toContain('9 of 64 codes are in use');
    expect(report.fixes.map((fix) => fix.id)).toEqual(['codebook']);
  });
});
