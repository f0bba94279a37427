/**
 * The doctor on a VAE that loses its code for the real reason, on the embedded digits with real
 * worker processes: the pixelcnn-vae preset's PixelCNN decoder learns the strokes from the pixels
 * above and to the left in its first ~100 steps (Adam 1e-2), before the encoder has found anything
 * worth its KL, so at β = 1 with no remedy the code collapses (I(x; z) and KL near zero) while the
 * ELBO is good. The doctor's children (the control and one remedy each, one epoch) train through the
 * host's queue, and the ranking names a remedy that restores information.
 *
 * The preset's model and optimizer as they are; only the run is shorter (one epoch; seed 1, which
 * collapses in its first epoch here: measured KL 0.02–0.04 at epochs 1–3, seed 2 too, seed 3 stayed
 * weak at 0.16 nat) and the evaluation smaller, so that the nine runs fit in a few minutes.
 */
import { describe, expect, it } from 'vitest';
import { createHostServices } from '../../../../../src/main/core/host-services';
import { forkWorkerLauncher } from '../../../../../src/main/core/worker-host/fork-worker';
import { PRESETS, type RunConfigInput } from '../../../../../src/shared/config';
import { rankRemedies } from '../../../../../src/shared/experiments/remedy-ranking';
import { builtFile } from '../../../../helpers/built-app';
import { hostsClosedAfter, tempDataDir } from '../../../../helpers/tiny-run';

const closing = hostsClosedAfter('each');

const preset = PRESETS['pixelcnn-vae'].config;
const COLLAPSING: RunConfigInput = {
  ...preset,
  data: { ...preset.data, dataset: { source: 'embedded-mnist' } },
  optim: { ...preset.optim, epochs: 1 },
  eval: { ...preset.eval, iwaePoints: 0, latentPoints: 500, maxHeldOut: 500 },
  reportEverySteps: 50,
  seed: 1,
};

describe('the collapse doctor on the pixelcnn-vae preset at β = 1', () => {
  it('the control loses its code at a good ELBO, and the ranking names a remedy that restores information', async () => {
    const services = closing(createHostServices({ host: 'headless', dataDir: tempDataDir(), launcher: forkWorkerLauncher(builtFile('main', 'worker.js')), concurrency: 2 }));
    const parent = services.runs.createRun({ name: 'pixelcnn-vae at β = 1', config: COLLAPSING });
    expect(await services.runs.whenSettled(parent.id)).toMatchObject({ status: 'completed', error: null });

    const experiment = services.experiments.createDoctor({ runId: parent.id, epochs: 1 });
    const variants = experiment.members.map((m) => m.variant);
    expect(variants[0]).toBe('control');
    expect(variants.some((v) => v.startsWith('free bits'))).toBe(true);
    expect(variants.some((v) => v.startsWith('KL warm-up'))).toBe(true);
    expect(variants.some((v) => v.startsWith('weaker decoder'))).toBe(true);
    for (const member of experiment.members) expect(await services.runs.whenSettled(member.runId)).toMatchObject({ status: 'completed', error: null });

    const detail = services.experiments.detail(experiment.id);
    const last = (runId: string) => detail.evaluations[runId]?.at(-1) ?? null;
    const ranking = rankRemedies(detail.experiment.members.map((m) => ({ variant: m.variant, isControl: m.isControl, runId: m.runId, evaluation: last(m.runId) })));
    const control = ranking.variants.find((v) => v.isControl);
    const controlEvaluation = last(detail.experiment.members.find((m) => m.isControl)?.runId ?? '');
    console.info(ranking.variants.map((v) => `${v.variant}: MI ${v.mutualInformation?.toFixed(3)}, ELBO ${v.elbo?.toFixed(1)}`).join('\n'));
    // The real phenomenon: (almost) no information in the code, (almost) no KL, and a decoder that
    // models the digits. Here seed 1 reads MI −0.005, "collapsed"; the bounds leave room for a machine
    // whose kernels round differently to take another path at this learning rate, as seed 3 did (0.16
    // nat, KL 0.22: "weak"), so that CI checks the doctor, not one trajectory.
    expect(controlEvaluation?.verdict?.level).not.toBe('informative');
    expect(control?.mutualInformation).toBeLessThan(0.3);
    expect(controlEvaluation?.kl).toBeLessThan(0.5);
    expect(control?.elbo).toBeGreaterThan(-110);
    expect(ranking.winner).not.toBeNull();
    expect(ranking.winner?.mutualInformation).toBeGreaterThan((control?.mutualInformation ?? 0) + 0.5);
    expect(ranking.verdict).toContain('restores the most information');
    console.info(ranking.verdict);
  }, 900_000);
});
