import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createHostServices } from '../../../../../src/main/core/host-services';
import { forkWorkerLauncher } from '../../../../../src/main/core/worker-host/fork-worker';
import { builtFile } from '../../../../helpers/built-app';
import { tempDataDir, tinyConfig, waitFor } from '../../../../helpers/tiny-run';

describe('several processes on one data folder', () => {
  it('never mark a run interrupted while the host training it is alive', async () => {
    const dataDir = tempDataDir();
    const serve = spawn(process.execPath, [builtFile('main', 'cli.js'), 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        serve.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Open (\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const token = new URL(url).searchParams.get('token') ?? '';
      const call = async (method: string, params: unknown) => {
        const response = await fetch(`${new URL(url).origin}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(params) });
        return ((await response.json()) as { value: { id: string; status: string } }).value;
      };
      const run = await call('createRun', { name: 'owned by serve', config: tinyConfig({ epochs: 30 }) });
      const readOnly = createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(builtFile('main', 'worker.js')), trains: false });
      await waitFor(() => readOnly.store.getRun(run.id).status === 'running', 60_000, 'the run to be training');
      await readOnly.close();

      // Another training host (e.g. a CLI `train`) opens the same folder while serve is alive.
      const second = createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(builtFile('main', 'worker.js')) });
      expect(second.interrupted).toEqual([]);
      expect(second.store.getRun(run.id).status).toBe('running');
      await second.close();
      expect((await call('getRun', { id: run.id }) as unknown as { run: { status: string } }).run.status).toBe('running');
    } finally {
      serve.kill('SIGKILL');
      await new Promise((resolve) => serve.once('exit', resolve));
    }
    // Now its host is dead: the next host recovers the run.
    const after = createHostServices({ host: 'headless', dataDir, launcher: forkWorkerLauncher(builtFile('main', 'worker.js')) });
    expect(after.interrupted).toHaveLength(1);
    await after.close();
  });
});
