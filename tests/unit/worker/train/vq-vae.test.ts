import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../src/shared/config';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from './fixtures';

describe('VQ-VAE', () => {
  it('trains (loss decreases) and reports codebook usage with perplexity > 1', async () => {
    const data = await mnistSubset(2000, 200);
    const { model } = PRESETS['vq-vae'].config;
    const config = smallConfig({ backend: 'wasm', model, optim: { batchSize: 64, epochs: 2 }, reportEverySteps: 8, eval: { maxHeldOut: 200, latentPoints: 200 } });
    const recorder = recordingSink();
    const outcome = await runTraining(config, recorder.sink, RUN_TO_END, { dataset: data });
    expect(outcome.status).toBe('finished');

    const points = recorder.of('metrics').flatMap((r) => r.steps);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const early = mean(points.slice(0, 8).map((p) => p.loss));
    const late = mean(points.slice(-8).map((p) => p.loss));
    expect(late).toBeLessThan(0.8 * early);
    for (const p of points) {
      expect(p.kl).toBe(0);
      expect(p.vqLoss).not.toBeNull();
      expect(p.loss).toBeCloseTo(p.recon + (p.vqLoss ?? 0), 3);
    }

    const evaluation = recorder.of('evaluation').at(-1)?.evaluation;
    expect(evaluation?.codebook?.codebookSize).toBe(64);
    expect(evaluation?.codebook?.usedCodes).toBeGreaterThan(1);
    expect(evaluation?.codebook?.perplexity).toBeGreaterThan(1);
    expect(evaluation?.codebook?.perplexity).toBeLessThanOrEqual(evaluation?.codebook?.usedCodes ?? 0);
    // ELBO under a uniform code prior: −(recon + slots · log K).
    expect(evaluation?.kl).toBeCloseTo(16 * Math.log(64), 9);
    expect(evaluation?.elbo).toBeCloseTo(-((evaluation?.recon ?? 0) + 16 * Math.log(64)), 6);
    expect(evaluation?.iwae).toBeNull();

    const snapshot = recorder.of('snapshot').at(-1)?.snapshot;
    expect(snapshot?.latent.dim).toBe(16 * 8);
    expect(snapshot?.traversals).toBeNull();
    expect(snapshot?.priorSamples.rows).toBe(8);
  }, 60_000);
});
