/**
 * The collapse doctor end to end on the embedded digits, with real worker processes: a run whose
 * heavy KL weight collapses its code → the doctor's children (control + one remedy each) train
 * through the host's queue → the ranking names a remedy that carries more information than the control.
 */
import { describe, expect, it } from 'vitest';
import { createHostServices } from '../../../../../src/main/core/host-services';
import { forkWorkerLauncher } from '../../../../../src/main/core/worker-host/fork-worker';
import { rankRemedies } from '../../../../../src/shared/experiments/remedy-ranking';
import { builtFile } from '../../../../helpers/built-app';
import { hostsClosedAfter, tempDataDir, tinyConfig } from '../../../../helpers/tiny-run';

const closing = hostsClosedAfter('each');

describe('the collapse doctor on a collapsed run', () => {
  it('trains the control and the remedies, and ranks first a remedy with more information than the control', async () => {
    const services = closing(createHostServices({ host: 'headless', dataDir: tempDataDir(), launcher: forkWorkerLauncher(builtFile('main', 'worker.js')), concurrency: 2 }));
    const base = tinyConfig({ epochs: 1 });
    // β = 30 puts the whole code on the prior: collapse forced by the price of KL.
    const collapsed = services.runs.createRun({ name: 'collapsed', config: { ...base, model: { hidden: [64], latentDim: 8 }, objective: { beta: 30 } } });
    const settled = await services.runs.whenSettled(collapsed.id);
    expect(settled.status).toBe('completed');

    const experiment = services.experiments.createDoctor({ runId: collapsed.id, epochs: 1 });
    const variants = experiment.members.map((m) => m.variant);
    expect(variants[0]).toBe('control');
    expect(variants).toContain('β = 1 (the ELBO)');
    expect(services.store.experiments.lineage(collapsed.id).children).toHaveLength(experiment.members.length);
    for (const member of experiment.members) expect((await services.runs.whenSettled(member.runId)).status).toBe('completed');

    const detail = services.experiments.detail(experiment.id);
    const ranking = rankRemedies(detail.experiment.members.map((m) => ({ variant: m.variant, isControl: m.isControl, runId: m.runId, evaluation: detail.evaluations[m.runId]?.at(-1) ?? null })));
    const control = ranking.variants.find((v) => v.isControl);
    expect(control?.mutualInformation).toBeLessThan(0.5);
    expect(ranking.winner).not.toBeNull();
    expect(ranking.winner?.mutualInformation).toBeGreaterThan((control?.mutualInformation ?? 0) + 0.5);
    expect(ranking.verdict).toContain('restores the most information');
    console.info(ranking.verdict);
  }, 240_000);
});
