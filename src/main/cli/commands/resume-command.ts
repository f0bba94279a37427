/** `vae-workbench resume RUN`: continues an interrupted or stopped run from its last checkpoint. */
import { CliUsageError } from '../cli-usage-error';
import { openCliHost } from '../cli-host';
import { findRun } from '../run-reference';
import { jsonPrinter, textPrinter } from './progress-printer';
import { followRun } from './train-command';

export async function runResumeCommand(args: { run?: string | undefined; json?: boolean | undefined; dataDir?: string | undefined }): Promise<number> {
  if (!args.run) throw new CliUsageError('resume needs a run: vae-workbench resume RUN');
  const services = openCliHost(args.dataDir, true);
  try {
    const found = findRun(services.store, args.run);
    const run = services.runs.startRun(found.id);
    const printer = args.json ? jsonPrinter(process.stdout) : textPrinter(process.stdout, process.stdout.isTTY === true);
    if (!args.json) process.stdout.write(`Continuing run ${run.id.slice(0, 8)} "${run.name}" from its last checkpoint.\n`);
    const final = await followRun(services, run, printer);
    return final.status === 'completed' ? 0 : final.status === 'stopped' ? 130 : 1;
  } finally {
    await services.close();
  }
}
