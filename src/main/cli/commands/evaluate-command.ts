/**
 * `vae-workbench evaluate RUN [--split test|validation] [--iwae-k K] [--points N|all] [--json]`:
 * evaluates a run's newest checkpoint with a paper's protocol (by default the IWAE bound with
 * K = 5,000 on every test point, with standard errors) and stores a test evaluation with the run.
 */
import type { EvaluationSplit } from '../../../shared/training-report';
import { describeTestEvaluation } from '../../core/runs/test-evaluation';
import { CliUsageError } from '../cli-usage-error';
import { runJobOnRun } from './run-job-command';

export const EVALUATE_HELP = `vae-workbench evaluate RUN [--split test|validation] [--iwae-k K] [--points N|all] [--json] [--data-dir D]
  Evaluates RUN's newest checkpoint: the ELBO and the IWAE-K bound on the split's first N points
  (default: test, K = 5000, all points), each with its standard error. A test evaluation is stored
  with the run and shown apart from the per-epoch validation curve; model selection never uses it.`;

interface EvaluateArgs {
  run?: string | undefined;
  split?: string | undefined;
  iwaeK?: string | undefined;
  points?: string | undefined;
  json?: boolean | undefined;
  dataDir?: string | undefined;
}

function parseSplit(value: string | undefined): EvaluationSplit {
  if (value === undefined || value === 'test') return 'test';
  if (value === 'validation') return 'validation';
  throw new CliUsageError(`--split must be "test" or "validation", got "${value}"`);
}

function parseCount(flag: string, value: string | undefined, fallback: number, allowAll: boolean): number {
  if (value === undefined) return fallback;
  if (allowAll && value === 'all') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliUsageError(`${flag} must be a whole number ≥ 1${allowAll ? ' or "all"' : ''}, got "${value}"`);
  return n;
}

export async function runEvaluateCommand(args: EvaluateArgs): Promise<number> {
  if (!args.run) throw new CliUsageError('evaluate needs a run: vae-workbench evaluate RUN');
  const request = { split: parseSplit(args.split), iwaeK: parseCount('--iwae-k', args.iwaeK, 5000, false), points: parseCount('--points', args.points, 0, true) };
  return runJobOnRun({ ...args, run: args.run }, { event: 'evaluationProgress', verb: 'evaluating' }, async (services, run) => {
    if (!args.json) {
      const points = request.points === 0 ? 'all' : String(request.points);
      process.stdout.write(`Evaluating run ${run.id.slice(0, 8)} "${run.name}" on the ${request.split} split: IWAE K = ${request.iwaeK}, ${points} points.\n`);
    }
    const evaluation = await services.runs.evaluate(run.id, request);
    process.stdout.write(args.json ? `${JSON.stringify(evaluation)}\n` : `${request.split}: ${describeTestEvaluation(evaluation)}\n`);
  });
}
