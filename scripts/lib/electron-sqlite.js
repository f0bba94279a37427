// Builds better-sqlite3 against Electron's ABI into native/electron/, beside (not over) the Node
// build in node_modules, so one checkout runs both the Electron app and the plain-Node CLI and tests.
// Needs Electron's headers, which node-gyp downloads: run only where Electron itself could be had.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function nodeGypScript() {
  // npm ships node-gyp; use that copy rather than adding a dependency.
  const candidates = [
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => existsSync(path)) ?? null;
}

export function electronSqlitePath(root, electronVersion) {
  return join(root, 'native', 'electron', `better_sqlite3-electron-${electronVersion}.node`);
}

/** Returns the path of the Electron build, building it first when missing; throws with the reason. */
export function ensureElectronSqlite(root) {
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const target = electronSqlitePath(root, electronVersion);
  if (existsSync(target)) return target;
  const gyp = nodeGypScript();
  if (!gyp) throw new Error("cannot find npm's node-gyp to build better-sqlite3 for Electron");
  const work = mkdtempSync(join(tmpdir(), 'vwb-sqlite-electron-'));
  try {
    cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
    const result = spawnSync(
      process.execPath,
      [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`building better-sqlite3 for Electron ${electronVersion} failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  process.stdout.write(`${ensureElectronSqlite(root)}\n`);
}
