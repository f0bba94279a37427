/**
 * `vae-workbench` command line. This file is the process entry: it parses arguments, runs one
 * command and owns the exit code. Commands live in commands/ and return their exit code (the one
 * exception: a second Ctrl+C during `train` abandons the run at once).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { appInfo } from '../core/app-info';
import { CliUsageError } from './cli-usage-error';
import { EVALUATE_HELP, runEvaluateCommand } from './commands/evaluate-command';
import { DOCTOR_HELP, EXPERIMENTS_HELP, runDoctorCommand, runExperimentsCommand, runSweepCommand, SWEEP_HELP } from './commands/experiment-commands';
import { runExportCommand } from './commands/export-command';
import { FIGURE_HELP, runFigureCommand } from './commands/figure-command';
import { GRADIENTS_HELP, runGradientsCommand } from './commands/gradients-command';
import { runImportCommand } from './commands/import-command';
import { runResumeCommand } from './commands/resume-command';
import { runRunsCommand } from './commands/runs-command';
import { runServeCommand, SERVE_HELP } from './commands/serve-command';
import { runTrainCommand, TRAIN_HELP } from './commands/train-command';
import { messageOf } from '../../shared/errors';

const dataDirOption = { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

const COMMAND_HELP: Record<string, string> = {
  serve: SERVE_HELP,
  train: TRAIN_HELP,
  runs: 'vae-workbench runs [--json] [--data-dir D]\n  Lists the run history, newest first; --json prints one run per line.',
  export: 'vae-workbench export RUN --format csv|json|bundle [--out PATH] [--data-dir D]\n  RUN is an id, a unique id prefix or a name. csv is long form: run,key,step,epoch,time,value.',
  import: 'vae-workbench import BUNDLE [--data-dir D]\n  Restores a run exported with --format bundle, as a new run.',
  resume: 'vae-workbench resume RUN [--json] [--data-dir D]\n  Continues an interrupted or stopped run from its last checkpoint.',
  figure: FIGURE_HELP,
  evaluate: EVALUATE_HELP,
  sweep: SWEEP_HELP,
  doctor: DOCTOR_HELP,
  experiments: EXPERIMENTS_HELP,
  gradients: GRADIENTS_HELP,
};

const HELP = `vae-workbench — train variational autoencoders, diagnose posterior collapse, compare runs.

Usage: vae-workbench <command> [options]

Commands:
  serve     Start the headless host and print the URL to open in a browser
  train     Train one run in the foreground (progress bar, or --json lines)
  runs      List the run history
  export    Write a run's metrics (CSV, JSON) or a reproducible bundle
  import    Restore a bundle as a new run
  resume    Continue an interrupted or stopped run from its last checkpoint
  figure    Render a saved figure or a figure spec to PDF, SVG, PNG or CSV, headless
  evaluate  Final test evaluation of a run (IWAE-5000 on every test point by default), stored with it
  sweep     Train a grid of configs (and seed replicates) from a run or a preset, as one experiment
  doctor    Try the remedies for a collapsed run, each as a child run beside a control, and rank them
  experiments  List sweeps and doctor experiments
  gradients Gradient-estimator lab: reparameterization vs score function, variance and SNR against L

Options:
  -h, --help     Show help (also: vae-workbench <command> --help)
  -v, --version  Print the version

Every command takes --data-dir D (default $VAE_WORKBENCH_DATA_DIR or ~/.local/share/vae-workbench).`;

function parse<O extends ParseArgsConfig['options']>(args: string[], options: O, positionals = false) {
  return parseArgs({ args, options: { ...dataDirOption, ...options }, strict: true, allowPositionals: positionals });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${appInfo().version}\n`);
    return 0;
  }
  const help = COMMAND_HELP[command];
  if (help === undefined) throw new CliUsageError(`unknown command "${command}". Run \`vae-workbench --help\` for the list.`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  switch (command) {
    case 'serve': {
      const { values } = parse(rest, { port: { type: 'string', short: 'p' }, host: { type: 'string' }, concurrency: { type: 'string' } });
      return runServeCommand({ port: values.port, host: values.host, dataDir: values['data-dir'], concurrency: values.concurrency });
    }
    case 'train': {
      const { values: v } = parse(rest, {
        preset: { type: 'string' },
        config: { type: 'string' },
        dataset: { type: 'string' },
        download: { type: 'boolean' },
        'image-size': { type: 'string' },
        color: { type: 'string' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        'latent-dim': { type: 'string' },
        beta: { type: 'string' },
        backend: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean' },
      });
      return runTrainCommand({
        preset: v.preset,
        config: v.config,
        dataset: v.dataset,
        download: v.download,
        imageSize: v['image-size'],
        color: v.color,
        epochs: v.epochs,
        seed: v.seed,
        batchSize: v['batch-size'],
        lr: v.lr,
        latentDim: v['latent-dim'],
        beta: v.beta,
        backend: v.backend,
        name: v.name,
        json: v.json,
        dataDir: v['data-dir'],
      });
    }
    case 'runs': {
      const { values } = parse(rest, { json: { type: 'boolean' } });
      return runRunsCommand({ json: values.json, dataDir: values['data-dir'] });
    }
    case 'export': {
      const { values, positionals } = parse(rest, { format: { type: 'string' }, out: { type: 'string' } }, true);
      return runExportCommand({ run: positionals[0], format: values.format, out: values.out, dataDir: values['data-dir'] });
    }
    case 'import': {
      const { values, positionals } = parse(rest, {}, true);
      return runImportCommand({ bundle: positionals[0], dataDir: values['data-dir'] });
    }
    case 'resume': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } }, true);
      return runResumeCommand({ run: positionals[0], json: values.json, dataDir: values['data-dir'] });
    }
    case 'sweep': {
      const { values: v } = parse(rest, {
        base: { type: 'string' },
        preset: { type: 'string' },
        dataset: { type: 'string' },
        download: { type: 'boolean' },
        grid: { type: 'string', multiple: true },
        seeds: { type: 'string' },
        epochs: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean' },
      });
      return runSweepCommand({ base: v.base, preset: v.preset, dataset: v.dataset, download: v.download, grid: v.grid ?? [], seeds: v.seeds, epochs: v.epochs, name: v.name, json: v.json, dataDir: v['data-dir'] });
    }
    case 'doctor': {
      const { values, positionals } = parse(rest, { epochs: { type: 'string' }, seeds: { type: 'string' }, json: { type: 'boolean' } }, true);
      return runDoctorCommand({ run: positionals[0], epochs: values.epochs, seeds: values.seeds, json: values.json, dataDir: values['data-dir'] });
    }
    case 'experiments': {
      const { values } = parse(rest, { json: { type: 'boolean' } });
      return runExperimentsCommand({ json: values.json, dataDir: values['data-dir'] });
    }
    case 'evaluate': {
      const { values, positionals } = parse(rest, { split: { type: 'string' }, 'iwae-k': { type: 'string' }, points: { type: 'string' }, json: { type: 'boolean' } }, true);
      return runEvaluateCommand({ run: positionals[0], split: values.split, iwaeK: values['iwae-k'], points: values.points, json: values.json, dataDir: values['data-dir'] });
    }
    case 'gradients': {
      const { values, positionals } = parse(rest, { samples: { type: 'string' }, replicates: { type: 'string' }, points: { type: 'string' }, json: { type: 'boolean' } }, true);
      return runGradientsCommand({ run: positionals[0], samples: values.samples, replicates: values.replicates, points: values.points, json: values.json, dataDir: values['data-dir'] });
    }
    case 'figure': {
      const { values, positionals } = parse(rest, { out: { type: 'string', short: 'o' }, format: { type: 'string' }, dpi: { type: 'string' }, save: { type: 'boolean' } }, true);
      return runFigureCommand({ figure: positionals[0], out: values.out, format: values.format, dpi: values.dpi, save: values.save, dataDir: values['data-dir'] });
    }
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof CliUsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`vae-workbench: ${messageOf(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
