/**
 * `vae-workbench` command line. This file is the process entry: it parses arguments, runs one
 * command and owns the exit code. Commands themselves live in their own modules and never exit.
 */
import { parseArgs } from 'node:util';
import { appInfo } from '../core/app-info';
import { CliUsageError, runServeCommand, SERVE_HELP } from './serve-command';

const HELP = `vae-workbench — train variational autoencoders, diagnose posterior collapse, compare runs.

Usage:
  vae-workbench <command> [options]

Commands:
  serve      Start the headless host and print the URL to open in a browser

Options:
  -h, --help     Show help (also: vae-workbench <command> --help)
  -v, --version  Print the version

${SERVE_HELP}`;

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
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: {
          port: { type: 'string', short: 'p' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      });
      if (values.help) {
        process.stdout.write(`${SERVE_HELP}\n`);
        return 0;
      }
      return runServeCommand({ port: values.port, host: values.host, dataDir: values['data-dir'] });
    }
    default:
      throw new CliUsageError(`unknown command "${command}". Run \`vae-workbench --help\` for the list.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // A long-running command (serve) resolves only when it has shut down.
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof CliUsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`vae-workbench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
