import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../src/shared/config';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

describe('training on the embedded MNIST digits', () => {
  it('two epochs of the mnist-vae model lower the held-out loss, with full evaluations and snapshots', async () => {
    const data = await mnistSubset(3000, 300);
    const { model, optim } = PRESETS['mnist-vae'].config;
    const config = smallConfig({
      backend: 'wasm',
      model,
      optim: { ...optim, epochs: 2 },
      eval: { iwaeK: 20, iwaePoints: 100, latentPoints: 300, maxHeldOut: 0 },
      reportEverySteps: 10,
    });
    const recorder = recordingSink();
    const outcome = await runTraining(config, recorder.sink, RUN_TO_END, { dataset: data });
    expect(outcome.status).toBe('finished');
    expect(outcome.backend?.name).toBe('wasm');

    const [first, second] = recorder.of('evaluation').map((r) => r.evaluation);
    if (!first || !second) throw new Error('expected two evaluations');
    expect(first.epoch).toBe(1);
    expect(second.epoch).toBe(2);
    expect(-second.elbo).toBeLessThan(-first.elbo);
    // Untrained, the Bernoulli loss is ~543 nats (784·log 2); two short epochs get well below.
    expect(-second.elbo).toBeLessThan(230);
    expect(second.heldOutPoints).toBe(300);
    expect(second.klPerDim).toHaveLength(20);
    expect(second.kl).toBeCloseTo(second.klPerDim.reduce((a, b) => a + b, 0), 6);
    // The IWAE bound is tighter than the ELBO (up to Monte Carlo noise on 100 points).
    expect(second.iwae).toMatchObject({ k: 20, points: 100 });
    expect(-(second.iwae?.bound ?? 0)).toBeLessThan(-second.elbo + 2);
    // Bernoulli on grey levels is not a likelihood: the bound is reported, never as an NLL.
    expect(second.iwae?.nll).toBeNull();
    expect(second.iwae?.bitsPerDim).toBeNull();
    expect(second.split).toBe('test');
    expect(second.activeUnits.variances).toHaveLength(20);
    expect(second.mutualInformation).toBeGreaterThan(0);
    expect(second.verdict?.unused).toHaveLength(20);
    expect(second.verdict?.level).not.toBe('collapsed');
    expect(second.codebook).toBeNull();

    const snapshot = recorder.of('snapshot').at(-1)?.snapshot;
    if (!snapshot) throw new Error('expected a snapshot');
    expect(snapshot.latent).toMatchObject({ dim: 20, count: 300, projectionKind: 'pca' });
    expect(snapshot.latent.mu).toHaveLength(300 * 20);
    expect(snapshot.latent.projection).toHaveLength(600);
    expect(new Set(snapshot.latent.labels).size).toBe(10);
    expect(snapshot.reconstructions).toMatchObject({ columns: 8, rows: 4, width: 224, height: 112, channels: 1 });
    expect(snapshot.reconstructions.pixels).toHaveLength(224 * 112);
    expect(snapshot.priorSamples).toMatchObject({ columns: 8, rows: 8 });
    expect(snapshot.traversals?.dims).toHaveLength(20);
    expect(snapshot.traversals?.grid).toMatchObject({ rows: 20, columns: 9 });

    // Training throughput is reported and evaluation is a small part of the run.
    const points = recorder.of('metrics').flatMap((r) => r.steps);
    expect(points).toHaveLength(2 * Math.ceil(3000 / 128));
    expect(points.every((p) => p.samplesPerSec > 0)).toBe(true);
  }, 120_000);
});
