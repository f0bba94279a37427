/** `vae-workbench import BUNDLE`: restores an exported run (config, metrics, snapshots, checkpoints) as a new run. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliUsageError } from '../cli-usage-error';
import { openCliHost } from '../cli-host';

export async function runImportCommand(args: { bundle?: string | undefined; dataDir?: string | undefined }): Promise<number> {
  if (!args.bundle) throw new CliUsageError('import needs a bundle file: vae-workbench import RUN.vaebundle');
  const path = resolve(args.bundle);
  if (!existsSync(path)) throw new CliUsageError(`${path}: no such file`);
  const services = openCliHost(args.dataDir, false, true);
  try {
    const run = await services.store.importBundle(path, { checkpointDir: services.runs.resolveCheckpointPath('.') });
    process.stdout.write(`Imported run ${run.id.slice(0, 8)} "${run.name}".\n`);
    return 0;
  } finally {
    await services.close();
  }
}
