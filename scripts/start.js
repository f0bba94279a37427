// `npm start`: build if needed, then open the Electron app. Where Electron's binary cannot be had,
// say so in one line and start the headless host instead.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/ensure-build.js';
import { ensureElectronSqlite } from './lib/electron-sqlite.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable's path, or the reason it cannot be had. Never throws. */
function locateElectron() {
  // require('electron') downloads the binary on first use; run it in a child so its noise and
  // failure stay contained, and we can report one line.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (probe.status === 0 && probe.stdout) return { path: probe.stdout };
  const reason = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(probe.stderr ?? '')
    ? 'its download is blocked on this machine'
    : 'it is not installed';
  return { reason };
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  // Ctrl+C already reaches the child (same process group); forwarding it too would be a second
  // interrupt, which cuts the child's graceful shutdown short. SIGTERM (from a supervisor) is forwarded.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 0 : 1);
  });
  return child;
}

if (!ensureBuild(root)) process.exit(1);

const headlessRequested = process.argv.includes('--headless');
const electron = headlessRequested ? { reason: 'you asked for --headless' } : locateElectron();
let nativeProblem = null;
if ('path' in electron) {
  try {
    ensureElectronSqlite(root);
  } catch (error) {
    nativeProblem = error.message.split('\n')[0];
  }
}
if ('path' in electron && !nativeProblem) {
  run(electron.path, ['.']);
} else if (nativeProblem) {
  process.stdout.write(`Electron is installed but its SQLite module could not be built (${nativeProblem}); starting the headless host instead.\n`);
  run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...process.argv.slice(2).filter((arg) => arg !== '--headless')]);
} else {
  process.stdout.write(`Electron's binary is not available (${electron.reason}); starting the headless host instead.\n`);
  const passThrough = process.argv.slice(2).filter((arg) => arg !== '--headless');
  run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...passThrough]);
}
