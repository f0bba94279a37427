/**
 * `vae-workbench gradients RUN [--samples 1,4,16,64] [--replicates R] [--points N] [--json]`: the
 * gradient-estimator lab on a run's newest checkpoint — the encoder's gradient by the
 * reparameterization trick and by the score function (without and with a baseline), its variance
 * and signal-to-noise ratio per parameter group, against the number of samples L.
 */
import { DEFAULT_GRADIENT_POINTS, DEFAULT_GRADIENT_REPLICATES, DEFAULT_GRADIENT_SAMPLES, MAX_GRADIENT_POINTS, MAX_GRADIENT_REPLICATES, parseSampleCounts } from '../../../shared/gradient-lab';
import { CliUsageError } from '../cli-usage-error';
import { runJobOnRun } from './run-job-command';
import { gradientLabText } from './gradient-lab-table';
import { messageOf } from '../../../shared/errors';

export const GRADIENTS_HELP = `vae-workbench gradients RUN [--samples 1,4,16,64] [--replicates R] [--points N] [--json] [--data-dir D]
  The gradient-estimator lab on RUN's newest checkpoint (a training run's latest one): on a fixed batch
  (the first N points of its validation split, default ${DEFAULT_GRADIENT_POINTS}), R estimates (default ${DEFAULT_GRADIENT_REPLICATES}) of the encoder's
  gradient of −ELBO for each sample count L, by the reparameterization trick and by the score function
  (REINFORCE) without and with a baseline (the decoder at the posterior mean). Prints per parameter group
  the variance, L·variance, the SNR |mean|/sd (Rainforth et al. 2018) and the cost of one estimate.
  Cost: R · (3 · ΣL + 1) · N decoder rows with a backward pass; the defaults take about a minute for mnist-vae.`;

interface GradientsArgs {
  run?: string | undefined;
  samples?: string | undefined;
  replicates?: string | undefined;
  points?: string | undefined;
  json?: boolean | undefined;
  dataDir?: string | undefined;
}

function parseBounded(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function parseSamples(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_GRADIENT_SAMPLES];
  try {
    return parseSampleCounts(value);
  } catch (error) {
    throw new CliUsageError(`--samples: ${messageOf(error)}`);
  }
}

export async function runGradientsCommand(args: GradientsArgs): Promise<number> {
  if (!args.run) throw new CliUsageError('gradients needs a run: vae-workbench gradients RUN');
  const params = {
    samples: parseSamples(args.samples),
    replicates: parseBounded('--replicates', args.replicates, DEFAULT_GRADIENT_REPLICATES, 2, MAX_GRADIENT_REPLICATES),
    points: parseBounded('--points', args.points, DEFAULT_GRADIENT_POINTS, 1, MAX_GRADIENT_POINTS),
  };
  return runJobOnRun({ ...args, run: args.run }, { event: 'gradientLabProgress', verb: 'estimating' }, async (services, run) => {
    const result = await services.runs.gradientLab(run.id, params);
    process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${gradientLabText(result, `run ${run.id.slice(0, 8)} "${run.name}"`)}\n`);
  });
}
