/**
 * The CLI waits for an experiment's runs in the foreground: one line per finished run, then the
 * table (the sweep) or the doctor's ranking. Ctrl+C stops every run of the experiment at its next
 * step, with a checkpoint (`resume` continues each one).
 */
import { rankRemedies } from '../../../shared/experiments/remedy-ranking';
import type { ExperimentRecord } from '../../../shared/experiments/experiment-types';
import type { HostServices } from '../../core/host-services';

const fmt = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '—' : value.toFixed(digits));

export async function followExperiment(services: HostServices, experiment: ExperimentRecord, json: boolean): Promise<number> {
  const { runs } = services;
  const onInterrupt = () => {
    process.stderr.write('Stopping every run of the experiment at its next step (resume continues each)…\n');
    for (const member of experiment.members) void runs.stopRun(member.runId).catch(() => {});
  };
  process.on('SIGINT', onInterrupt);
  let failed = 0;
  try {
    await Promise.all(
      experiment.members.map(async (member) => {
        const final = await runs.whenSettled(member.runId);
        if (final.status !== 'completed') failed++;
        if (!json) process.stdout.write(`  ${final.status.padEnd(9)} ${member.variant}${member.replicate > 0 ? ` (replicate ${member.replicate + 1})` : ''}: validation ELBO ${fmt(final.summary.elbo)}\n`);
      }),
    );
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const detail = services.experiments.detail(experiment.id);
  const entries = detail.experiment.members.map((m) => ({ variant: m.variant, isControl: m.isControl, runId: m.runId, evaluation: detail.evaluations[m.runId]?.at(-1) ?? null }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ experiment: detail.experiment, ranking: experiment.kind === 'doctor' ? rankRemedies(entries) : null, runs: detail.runs })}\n`);
    return failed === 0 ? 0 : 1;
  }
  const ranking = rankRemedies(entries.map((e) => ({ ...e, isControl: experiment.kind === 'doctor' ? e.isControl : false })));
  process.stdout.write(`\n${experiment.kind === 'doctor' ? 'Remedies, most information first' : 'Runs, most information first'} (validation, mean over seeds):\n`);
  process.stdout.write(`  ${'variant'.padEnd(44)} ${'I(x;z)'.padStart(7)} ${'active'.padStart(7)} ${'ELBO'.padStart(9)}\n`);
  for (const v of ranking.variants) {
    process.stdout.write(`  ${(v.variant + (v.costlyElbo ? ' (ELBO much worse)' : '')).padEnd(44)} ${fmt(v.mutualInformation).padStart(7)} ${fmt(v.activeUnits, 1).padStart(7)} ${fmt(v.elbo).padStart(9)}\n`);
  }
  if (experiment.kind === 'doctor') process.stdout.write(`\n${ranking.verdict}\n`);
  return failed === 0 ? 0 : 1;
}
