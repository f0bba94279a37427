// Where the browser tests find Chromium, and how `npm test` gets one on a fresh machine.
// Looked for in order: $CHROMIUM_PATH, `chromium` / `chromium-browser` on PATH (Debian's and
// Ubuntu's names), /usr/bin/chromium, then Playwright's own download cache. When none is there,
// `ensureBrowser` installs one: Debian's package when root on Debian (what CI uses, and apt's
// mirror is often reachable where Playwright's CDN is not), else Playwright's download.
// Every outside fact (environment, files, commands) comes in through `system`, so the "no browser"
// path can be tested with a fake one instead of uninstalling Chromium.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The real machine. */
export function realSystem() {
  return {
    env: process.env,
    isExecutable: (file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    listDir: (folder) => {
      try {
        return readdirSync(folder);
      } catch {
        return [];
      }
    },
    readText: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
    isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
    homedir: () => homedir(),
    /** Runs a command with its output on the console; true when it exits 0. */
    run: (command, args, env) => spawnSync(command, args, { stdio: 'inherit', env: env ?? process.env }).status === 0,
  };
}

const PATH_NAMES = ['chromium', 'chromium-browser'];
const WELL_KNOWN = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
// Playwright keeps each build in <cache>/chromium-<rev>/chrome-linux64/chrome (chrome-linux before 1.57).
const PLAYWRIGHT_EXECUTABLES = [
  ['chrome-linux64', 'chrome'],
  ['chrome-linux', 'chrome'],
];

function playwrightCache(system) {
  const configured = system.env.PLAYWRIGHT_BROWSERS_PATH;
  if (configured && configured !== '0') return configured;
  return join(system.homedir(), '.cache', 'ms-playwright');
}

/**
 * The Chromium to use, or null. A CHROMIUM_PATH that names no executable is an error, not a
 * reason to look elsewhere: the user asked for that one.
 * @returns {{ path: string, source: string } | null}
 */
export function findBrowser(system = realSystem()) {
  const configured = system.env.CHROMIUM_PATH;
  if (configured) {
    if (!system.isExecutable(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file`);
    return { path: configured, source: 'CHROMIUM_PATH' };
  }
  for (const folder of (system.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) {
      const candidate = join(folder, name);
      if (system.isExecutable(candidate)) return { path: candidate, source: `${name} on PATH` };
    }
  }
  for (const candidate of WELL_KNOWN) {
    if (system.isExecutable(candidate)) return { path: candidate, source: candidate };
  }
  const cache = playwrightCache(system);
  // Newest revision first: chromium-1200 sorts after chromium-1199 by number, not by text.
  const builds = system
    .listDir(cache)
    .filter((name) => /^chromium-\d+$/.test(name))
    .sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)));
  for (const build of builds) {
    for (const parts of PLAYWRIGHT_EXECUTABLES) {
      const candidate = join(cache, build, ...parts);
      if (system.isExecutable(candidate)) return { path: candidate, source: "Playwright's cache" };
    }
  }
  return null;
}

function isDebian(system) {
  const release = system.readText('/etc/os-release') ?? '';
  return /^(ID|ID_LIKE)=.*\bdebian\b/m.test(release);
}

export const INSTALL_ADVICE =
  'No Chromium for the browser tests: install one with `sudo apt-get install chromium` (Debian/Ubuntu) or ' +
  '`npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/**
 * Finds Chromium, installing one when there is none. `say` gets one line per thing it does.
 * @returns {{ path: string, source: string } | null} null when none could be had (INSTALL_ADVICE said why).
 */
export function ensureBrowser(root, say, system = realSystem()) {
  const found = findBrowser(system);
  if (found) return found;
  const attempts = [];
  if (system.isRoot() && isDebian(system)) {
    attempts.push({
      line: "No Chromium found: installing Debian's package (apt-get install -y chromium)…",
      install: () => system.run('apt-get', ['update', '-qq']) && system.run('apt-get', ['install', '-y', '-qq', 'chromium'], { ...system.env, DEBIAN_FRONTEND: 'noninteractive' }),
    });
  }
  attempts.push({
    line: "No Chromium found: downloading Playwright's (playwright install chromium)…",
    install: () => system.run(process.execPath, [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'install', 'chromium']),
  });
  for (const attempt of attempts) {
    say(attempt.line);
    if (!attempt.install()) continue;
    const installed = findBrowser(system);
    if (installed) return installed;
  }
  say(INSTALL_ADVICE);
  return null;
}
