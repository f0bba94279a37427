/** `vae-workbench export RUN --format csv|json|bundle [--out PATH]`. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliUsageError } from '../cli-usage-error';
import { openCliHost } from '../cli-host';
import { findRun } from '../run-reference';

export async function runExportCommand(args: { run?: string | undefined; format?: string | undefined; out?: string | undefined; dataDir?: string | undefined }): Promise<number> {
  if (!args.run) throw new CliUsageError('export needs a run: vae-workbench export RUN --format csv|json|bundle [--out PATH]');
  const format = args.format ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'bundle') throw new CliUsageError(`--format must be csv, json or bundle; got "${format}"`);
  const services = openCliHost(args.dataDir, false);
  try {
    const run = findRun(services.store, args.run);
    const file = await services.handlers.exportRun({ id: run.id, format });
    const out = resolve(args.out ?? file.filename);
    writeFileSync(out, file.text ?? Buffer.from(file.base64 ?? '', 'base64'));
    process.stdout.write(`Wrote ${out}\n`);
    return 0;
  } finally {
    await services.close();
  }
}
