// `npm test`: build, type-check, lint, unit tests (vitest) and browser tests (Playwright in a system
// or Playwright-cached Chromium, installed first when the machine has none), then one line `N passed, N failed` summing every runner. Each runner writes a JSON
// report to .reports/ and the sum is taken from those, not from coloured console output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowser } from './lib/find-browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = join(root, '.reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
const env = { ...process.env, CI_REPORT_DIR: reportDir, NO_COLOR: '1', FORCE_COLOR: '0' };

function run(label, args) {
  process.stdout.write(`\n── ${label} ──\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  return result.status === 0;
}

const tally = { passed: 0, failed: 0 };
const lines = [];
function record(label, passed, failed) {
  tally.passed += passed;
  tally.failed += failed;
  lines.push(`${label.padEnd(22)} ${passed} passed, ${failed} failed`);
}

// Single checks: each counts as one test.
const checks = [
  ['build', [bin('electron-vite', 'bin/electron-vite.js'), 'build']],
  ['typecheck (node)', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.node.json']],
  ['typecheck (e2e)', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.e2e.json']],
  ['typecheck (renderer)', [bin('svelte-check', 'bin/svelte-check'), '--tsconfig', './tsconfig.web.json', '--fail-on-warnings', '--output', 'human']],
  ['lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']],
];
for (const [label, args] of checks) {
  const ok = run(label, args);
  record(label, ok ? 1 : 0, ok ? 0 : 1);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// Unit tests. A file that fails to import has no assertions but a failed suite: count it as a failure.
const unitOk = run('unit tests (vitest)', [bin('vitest', 'vitest.mjs'), 'run']);
const vitest = readJson(join(reportDir, 'vitest.json'));
if (vitest) {
  const brokenFiles = vitest.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  record('unit tests', vitest.numPassedTests, vitest.numFailedTests + brokenFiles);
} else {
  record('unit tests', 0, 1);
}
if (!unitOk && vitest && vitest.numFailedTests === 0 && tally.failed === 0) record('unit tests (runner)', 0, 1);

// Browser tests, in the Chromium found (or installed) here; without one they count as one failure.
process.stdout.write('\n── Chromium for the browser tests ──\n');
let browser = null;
try {
  browser = ensureBrowser(root, (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  process.stdout.write(`${error.message}\n`);
}
if (browser) {
  process.stdout.write(`Chromium: ${browser.path} (${browser.source})\n`);
  env.CHROMIUM_PATH = browser.path;
  const e2eOk = run('browser tests (playwright)', [bin('@playwright/test', 'cli.js'), 'test']);
  const playwright = readJson(join(reportDir, 'playwright.json'));
  if (playwright?.stats) {
    const { expected, unexpected, flaky } = playwright.stats;
    record('browser tests', expected + flaky, unexpected);
    if (!e2eOk && unexpected === 0) record('browser tests (runner)', 0, 1);
  } else {
    record('browser tests', 0, 1);
  }
} else {
  record('browser tests (no browser)', 0, 1);
}

const summary = `${tally.passed} passed, ${tally.failed} failed`;
process.stdout.write(`\n${lines.join('\n')}\n`);
writeFileSync(join(reportDir, 'summary.txt'), `${summary}\n`);
if (existsSync(join(root, 'test-results', 'screenshots'))) process.stdout.write('Screenshots: test-results/screenshots/\n');
process.stdout.write(`${summary}\n`);
process.exitCode = tally.failed === 0 ? 0 : 1;
