/**
 * A Playwright fixture that starts the real headless host (the built CLI, `serve --port 0`) in a
 * temporary data folder, once per worker, and hands the tests its tokenised URL.
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFile } from '../helpers/built-app';

export interface WorkbenchHost {
  /** URL with the access token, as printed by `vae-workbench serve`. */
  url: string;
  /** Scheme, host and port without the token. */
  origin: string;
  dataDir: string;
}

async function startHost(dataDir: string): Promise<{ child: ChildProcess; host: WorkbenchHost }> {
  const child = spawn(process.execPath, [builtFile('main', 'cli.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the headless host exited with ${code}: ${output}`)));
  });
  return { child, host: { url, origin: new URL(url).origin, dataDir } };
}

export const test = base.extend<object, { workbench: WorkbenchHost }>({
  workbench: [
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'vwb-e2e-'));
      const { child, host } = await startHost(dataDir);
      await use(host);
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
