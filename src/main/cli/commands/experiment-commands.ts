/**
 * `vae-workbench sweep`, `doctor` and `experiments`: thin front ends over the host's ExperimentService.
 * sweep and doctor create the runs and train them in the foreground (the host's concurrency applies).
 */
import { parseRunConfig, PRESET_NAMES, type PresetName, PRESETS } from '../../../shared/config';
import { parseGridArgument } from '../../../shared/experiments/sweep';
import { openCliHost } from '../cli-host';
import { CliUsageError } from '../cli-usage-error';
import { findRun } from '../run-reference';
import { datasetFromArgument } from './dataset-argument';
import { followExperiment } from './experiment-follow';
import { messageOf } from '../../../shared/errors';

export const SWEEP_HELP = `vae-workbench sweep (--base RUN | --preset P [--dataset D]) --grid field=v1,v2,… [--grid …] [--seeds K] [--epochs N] [--name TEXT] [--json] [--data-dir D]
  A grid over config fields (e.g. --grid objective.beta=0.5,1,2,4 --grid model.latentDim=8,16), each
  combination trained with K seeds. The runs go through the host's queue; the table at the end ranks
  them by validation I(x; z). \`vae-workbench experiments\` lists sweeps and doctors.`;

export const DOCTOR_HELP = `vae-workbench doctor RUN [--epochs N] [--seeds K] [--json] [--data-dir D]
  The collapse doctor: one child run per remedy that applies to RUN (KL warm-up, cyclical annealing,
  free bits, β, lower lr, smaller latent, decoder σ, a weaker autoregressive decoder) plus the control,
  same data and seeds, N epochs each (default 2), then ranks them by what collapse destroys.`;

export const EXPERIMENTS_HELP = 'vae-workbench experiments [--json] [--data-dir D]\n  Lists sweeps and doctor experiments, newest first.';

function positiveInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliUsageError(`${flag} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}

export async function runSweepCommand(args: { base?: string; preset?: string; dataset?: string; download?: boolean; grid: string[]; seeds?: string; epochs?: string; name?: string; json?: boolean; dataDir?: string }): Promise<number> {
  if ((args.base === undefined) === (args.preset === undefined)) throw new CliUsageError('sweep needs exactly one of --base RUN or --preset P');
  if (args.preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(args.preset)) throw new CliUsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}`);
  let grid: Record<string, unknown[]>;
  try {
    grid = Object.fromEntries(args.grid.map(parseGridArgument));
  } catch (error) {
    throw new CliUsageError(messageOf(error));
  }
  const spec = { grid, ...(args.seeds ? { seeds: positiveInt('--seeds', args.seeds) } : {}), ...(args.epochs ? { epochs: positiveInt('--epochs', args.epochs) } : {}) };
  const services = openCliHost(args.dataDir, true);
  try {
    let baseConfig;
    if (args.preset !== undefined && args.dataset !== undefined) {
      const preset = PRESETS[args.preset as PresetName].config;
      baseConfig = parseRunConfig({ ...preset, data: { ...preset.data, dataset: datasetFromArgument(args.dataset, { download: args.download === true }) } });
    }
    const experiment = services.experiments.createSweep({
      ...(args.base !== undefined ? { baseRunId: findRun(services.store, args.base).id } : { preset: args.preset as PresetName }),
      ...(baseConfig ? { baseConfig } : {}),
      ...(args.name ? { name: args.name } : {}),
      spec,
    });
    if (!args.json) process.stdout.write(`Sweep ${experiment.id.slice(0, 8)} "${experiment.name}": ${experiment.members.length} runs queued.\n`);
    return await followExperiment(services, experiment, args.json === true);
  } finally {
    await services.close();
  }
}

export async function runDoctorCommand(args: { run?: string; epochs?: string; seeds?: string; json?: boolean; dataDir?: string }): Promise<number> {
  if (!args.run) throw new CliUsageError('doctor needs a run: vae-workbench doctor RUN');
  const services = openCliHost(args.dataDir, true);
  try {
    const run = findRun(services.store, args.run);
    const epochs = positiveInt('--epochs', args.epochs);
    const seeds = positiveInt('--seeds', args.seeds);
    const experiment = services.experiments.createDoctor({ runId: run.id, ...(epochs ? { epochs } : {}), ...(seeds ? { seeds } : {}) });
    if (!args.json) {
      const spec = experiment.spec as { epochs: number; seeds: number };
      process.stdout.write(`Doctor ${experiment.id.slice(0, 8)} for "${run.name}": the control and ${new Set(experiment.members.map((m) => m.variant)).size - 1} remedies, ${spec.epochs} epochs each, ${spec.seeds} seed(s).\n`);
    }
    return await followExperiment(services, experiment, args.json === true);
  } finally {
    await services.close();
  }
}

export async function runExperimentsCommand(args: { json?: boolean; dataDir?: string }): Promise<number> {
  const services = openCliHost(args.dataDir, false);
  try {
    const list = services.store.experiments.list();
    if (args.json) {
      for (const experiment of list) process.stdout.write(`${JSON.stringify(experiment)}\n`);
      return 0;
    }
    if (list.length === 0) process.stdout.write('No experiments yet: `vae-workbench sweep` or `vae-workbench doctor RUN` makes one.\n');
    for (const e of list) {
      process.stdout.write(`${e.id.slice(0, 8)}  ${e.kind.padEnd(6)}  ${String(e.finishedCount).padStart(3)}/${String(e.runCount).padEnd(3)} runs done  ${new Date(e.createdAt).toISOString().slice(0, 16).replace('T', ' ')}  ${e.name}\n`);
    }
    return 0;
  } finally {
    await services.close();
  }
}
