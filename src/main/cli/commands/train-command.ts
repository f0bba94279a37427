/**
 * `vae-workbench train`: one run in the foreground, written to the same store as the app, with a
 * progress bar (or JSON lines). Ctrl+C stops it at the next step with a checkpoint, so
 * `vae-workbench resume RUN` can continue it.
 */
import { readFileSync } from 'node:fs';
import { PRESET_NAMES, type PresetName } from '../../../shared/config';
import { TRAIN_KEYS } from '../../../shared/metric-keys';
import type { RunRecord } from '../../../shared/runs';
import type { HostServices } from '../../core/host-services';
import { httpProbe } from '../../core/datasets/dataset-availability';
import { requireDatasetAvailable } from '../../core/datasets/require-dataset';
import { deepMerge } from '../../core/runs/resolve-config';
import { CliUsageError } from '../cli-usage-error';
import { openCliHost } from '../cli-host';
import { datasetFromArgument } from './dataset-argument';
import { jsonPrinter, textPrinter, type ProgressPrinter } from './progress-printer';

export const TRAIN_HELP = `vae-workbench train [--preset NAME] [--config file.json] [--dataset D] [--epochs N] [--seed N]
                    [--backend B] [--name TEXT] [--json] [--data-dir D]
  --preset NAME     ${PRESET_NAMES.join(', ')} (default: the mnist-vae model on the embedded digits)
  --config FILE     A JSON run config (any subset of fields), applied over the preset
  --dataset D       embedded | mnist | fashion-mnist | kmnist | a folder of IDX files | a folder of class
                    sub-folders of PNGs (with --image-size HxW, --color grayscale|rgb)
  --download        Allow downloading mnist / fashion-mnist / kmnist into the data folder's cache
  --epochs N, --seed N, --batch-size N, --lr X, --latent-dim N, --beta X
  --backend B       auto | tensorflow-gpu | tensorflow | cpu-blas | wasm | cpu (auto takes the first that loads)
  --json            One JSON object per line instead of a progress bar`;

export interface TrainArgs {
  preset?: string | undefined;
  config?: string | undefined;
  dataset?: string | undefined;
  download?: boolean | undefined;
  imageSize?: string | undefined;
  color?: string | undefined;
  epochs?: string | undefined;
  seed?: string | undefined;
  batchSize?: string | undefined;
  lr?: string | undefined;
  latentDim?: string | undefined;
  beta?: string | undefined;
  backend?: string | undefined;
  name?: string | undefined;
  json?: boolean | undefined;
  dataDir?: string | undefined;
}

function numberArgument(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new CliUsageError(`${flag} must be a number, got "${raw}"`);
  return value;
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`--config ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--config ${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** The command-line flags as a partial config, applied over --config, applied over the preset. */
export function configOverrides(args: TrainArgs): unknown {
  const fromFile = args.config ? readConfigFile(args.config) : {};
  const flags: Record<string, unknown> = {};
  const set = (path: string[], value: unknown) => {
    if (value === undefined) return;
    let node = flags;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path.at(-1) as string] = value;
  };
  if (args.dataset !== undefined) {
    set(['data', 'dataset'], datasetFromArgument(args.dataset, { download: args.download ?? false, ...(args.imageSize ? { imageSize: args.imageSize } : {}), ...(args.color ? { color: args.color } : {}) }));
  }
  set(['optim', 'epochs'], numberArgument('--epochs', args.epochs));
  set(['optim', 'batchSize'], numberArgument('--batch-size', args.batchSize));
  set(['optim', 'lr'], numberArgument('--lr', args.lr));
  set(['model', 'latentDim'], numberArgument('--latent-dim', args.latentDim));
  set(['objective', 'beta'], numberArgument('--beta', args.beta));
  set(['seed'], numberArgument('--seed', args.seed));
  set(['backend'], args.backend);
  return deepMerge(fromFile, flags);
}

export function parsePreset(raw: string | undefined): PresetName | undefined {
  if (raw === undefined) return undefined;
  if (!(PRESET_NAMES as readonly string[]).includes(raw)) throw new CliUsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}; got "${raw}"`);
  return raw as PresetName;
}

/** Follows one run to its end on the given printer; Ctrl+C stops it gracefully. */
export async function followRun(services: HostServices, run: RunRecord, printer: ProgressPrinter): Promise<RunRecord> {
  const { events, runs } = services;
  let lastLoss: number | null = null;
  const epochs = (run.config as { optim: { epochs: number } }).optim.epochs;
  const unsubscribe = [
    events.on('metrics', (event) => {
      for (const entry of event.runs) {
        if (entry.runId !== run.id) continue;
        const loss = entry.points.filter((p) => p.key === TRAIN_KEYS.loss).at(-1);
        if (loss) lastLoss = loss.value;
      }
    }),
    events.on('progress', (progress) => {
      if (progress.runId === run.id) printer.progress(progress, lastLoss);
    }),
    events.on('snapshot', (event) => {
      if (event.runId === run.id && event.evaluation) printer.evaluation(event.evaluation, epochs);
    }),
    events.on('log', (line) => {
      if (line.runId === run.id) printer.log(line.level, line.line);
    }),
  ];
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      printer.log('warn', 'Stopping at the next step with a checkpoint (Ctrl+C again to abandon it)…');
      void runs.stopRun(run.id).catch(() => {});
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onInterrupt);
  try {
    const final = await runs.whenSettled(run.id);
    printer.finished(final);
    return final;
  } finally {
    process.off('SIGINT', onInterrupt);
    for (const off of unsubscribe) off();
  }
}

export async function runTrainCommand(args: TrainArgs): Promise<number> {
  const preset = parsePreset(args.preset);
  const overrides = configOverrides(args);
  const services = openCliHost(args.dataDir, true);
  try {
    const printer = args.json ? jsonPrinter(process.stdout) : textPrinter(process.stdout, process.stdout.isTTY === true);
    let run: RunRecord;
    const params = { ...(preset ? { preset } : {}), config: overrides, ...(args.name ? { name: args.name } : {}) };
    try {
      // Offline, a preset's MNIST would fail at step 0: refuse before the run exists, offering the embedded digits.
      await requireDatasetAvailable(params, services.runs.cacheDir, httpProbe());
      run = services.runs.createRun(params);
    } catch (error) {
      const issues = (error as { issues?: { path: string; message: string }[] }).issues;
      if (issues && issues.length > 0) throw new CliUsageError(`invalid run config:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
      throw error;
    }
    if (!args.json) process.stdout.write(`Run ${run.id.slice(0, 8)} "${run.name}" (data: ${services.runs.checkpointDir(run.id)})\n`);
    const final = await followRun(services, run, printer);
    return final.status === 'completed' ? 0 : final.status === 'stopped' ? 130 : 1;
  } finally {
    await services.close();
  }
}
