/**
 * A command that runs one job on a stored run in a CLI host (an evaluation, the gradient lab) and
 * shows the job's progress on stderr, one line at each new tenth ("evaluating… 40%"): a log shows
 * the job moving without a line per progress event.
 */
import type { HostServices } from '../../core/host-services';
import type { RunRecord } from '../../../shared/runs';
import { openCliHost } from '../cli-host';
import { findRun } from '../run-reference';

export function tenthsProgress(verb: string): (fraction: number) => void {
  let lastTenth = -1;
  return (fraction) => {
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth) process.stderr.write(`${verb}… ${Math.round(fraction * 100)}%\n`);
    lastTenth = tenth;
  };
}

export interface RunJobArgs {
  run: string;
  dataDir?: string | undefined;
  /** With --json only the result is printed, no progress. */
  json?: boolean | undefined;
}

/** Opens the host, finds RUN, shows the progress events `event` sends for it, and runs `job`; exit code 0. */
export async function runJobOnRun(
  args: RunJobArgs,
  progress: { event: 'evaluationProgress' | 'gradientLabProgress'; verb: string },
  job: (services: HostServices, run: RunRecord) => Promise<void>,
): Promise<number> {
  const services = openCliHost(args.dataDir, false);
  try {
    const run = findRun(services.store, args.run);
    const show = tenthsProgress(progress.verb);
    const unsubscribe = services.events.on(progress.event, ({ runId, fraction }) => {
      if (runId === run.id && !args.json) show(fraction);
    });
    try {
      await job(services, run);
    } finally {
      unsubscribe();
    }
    return 0;
  } finally {
    await services.close();
  }
}
