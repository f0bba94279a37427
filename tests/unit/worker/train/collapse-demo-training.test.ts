import { describe, expect, it } from 'vitest';
import { PRESETS, type RunConfig } from '../../../../src/shared/config';
import type { EpochEvaluation } from '../../../../src/shared/training-report';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

/** One epoch over all 9,000 embedded training digits (71 steps of 128), evaluated on 500 held-out ones. */
async function shortRun(preset: RunConfig): Promise<EpochEvaluation> {
  const data = await mnistSubset(9000, 500);
  const config = smallConfig({
    backend: 'wasm',
    model: preset.model,
    objective: preset.objective,
    optim: { ...preset.optim, epochs: 1 },
    eval: { iwaePoints: 0, latentPoints: 500, maxHeldOut: 500 },
    reportEverySteps: 25,
  });
  const recorder = recordingSink();
  const outcome = await runTraining(config, recorder.sink, RUN_TO_END, { dataset: data });
  expect(outcome.status).toBe('finished');
  const evaluation = recorder.of('evaluation').at(-1)?.evaluation;
  if (!evaluation) throw new Error('no evaluation');
  return evaluation;
}

describe('posterior collapse', () => {
  it('collapse-demo puts most dimensions on the prior (active units ≤ 25%), mnist-vae on the same budget keeps more', async () => {
    const collapse = await shortRun(PRESETS['collapse-demo'].config);
    const baseline = await shortRun(PRESETS['mnist-vae'].config);
    const latent = PRESETS['collapse-demo'].config.model.latentDim;
    expect(collapse.activeUnits.count).toBeLessThanOrEqual(0.25 * latent);
    expect(collapse.verdict?.unusedCount).toBeGreaterThanOrEqual(0.5 * latent);
    expect(collapse.verdict?.level).not.toBe('informative');
    expect(collapse.kl).toBeLessThan(2);
    expect(baseline.activeUnits.count).toBeGreaterThan(collapse.activeUnits.count);
    expect(baseline.activeUnits.count / baseline.klPerDim.length).toBeGreaterThan(0.5);
    expect(baseline.kl).toBeGreaterThan(5 * collapse.kl);
    console.info(
      `collapse-demo: ${collapse.activeUnits.count}/${latent} active, ${collapse.verdict?.unusedCount} unused, code ${collapse.verdict?.level} (MI ${collapse.mutualInformation?.toFixed(2)}), KL ${collapse.kl.toFixed(2)}; ` +
        `mnist-vae: ${baseline.activeUnits.count}/${baseline.klPerDim.length} active, KL ${baseline.kl.toFixed(2)}`,
    );
  }, 90_000);
});
