// A run's dataset is checked before the run exists: on disk, downloadable now, or refused with a
// message that offers the embedded digits (offline, a preset's MNIST used to fail at step 0).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostServices, type HostServices } from '../../../../../src/main/core/host-services';
import { datasetAvailability, httpProbe, type UrlProbe } from '../../../../../src/main/core/datasets/dataset-availability';
import { forkWorkerLauncher } from '../../../../../src/main/core/worker-host/fork-worker';
import { IDX_FILE_NAMES } from '../../../../../src/shared/idx-catalog';
import { builtFile } from '../../../../helpers/built-app';

const offline: UrlProbe = async () => false;
const online: UrlProbe = async () => true;
const tempDir = () => mkdtempSync(join(tmpdir(), 'vwb-datasets-'));

function idxFolder(folder: string, gz = true): string {
  mkdirSync(folder, { recursive: true });
  for (const name of Object.values(IDX_FILE_NAMES)) writeFileSync(join(folder, gz ? `${name}.gz` : name), 'x');
  return folder;
}

describe('datasetAvailability', () => {
  it('finds the embedded digits, a folder of IDX files and the cache', async () => {
    const cache = tempDir();
    expect((await datasetAvailability({ source: 'embedded-mnist' }, cache, offline)).state).toBe('cached');
    const folder = idxFolder(join(tempDir(), 'raw'), false);
    expect((await datasetAvailability({ source: 'idx', name: 'mnist', folder }, cache, offline)).state).toBe('cached');
    idxFolder(join(cache, 'fashion-mnist'));
    expect(await datasetAvailability({ source: 'idx', name: 'fashion-mnist', download: false }, cache, offline)).toMatchObject({ state: 'cached' });
  });

  it('says what is missing from a folder, and that an absent one is absent', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, `${IDX_FILE_NAMES.trainImages}.gz`), 'x');
    const partial = await datasetAvailability({ source: 'idx', name: 'mnist', folder }, tempDir(), online);
    expect(partial.state).toBe('unavailable');
    expect(partial.detail).toContain(IDX_FILE_NAMES.testLabels);
    expect(partial.detail).not.toContain(IDX_FILE_NAMES.trainImages);
    const missing = await datasetAvailability({ source: 'image-folder', folder: join(folder, 'nope'), height: 0, width: 0, color: 'grayscale' }, tempDir(), online);
    expect(missing).toMatchObject({ state: 'unavailable', detail: expect.stringContaining('does not exist') });
  });

  it('judges a download by whether the server answers, and needs downloads allowed', async () => {
    const cache = tempDir();
    expect((await datasetAvailability({ source: 'idx', name: 'mnist', download: true }, cache, online)).state).toBe('downloadable');
    const unreachable = await datasetAvailability({ source: 'idx', name: 'mnist', download: true }, cache, offline);
    expect(unreachable).toMatchObject({ state: 'unavailable', detail: expect.stringContaining('cannot be reached') });
    const off = await datasetAvailability({ source: 'idx', name: 'kmnist' }, cache, online);
    expect(off).toMatchObject({ state: 'unavailable', detail: expect.stringContaining('--download') });
  });

  it('probes with a real HEAD request: a server that answers, and a port nobody listens on', async () => {
    const server = createServer((request, response) => response.writeHead(request.method === 'HEAD' ? 200 : 405).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await httpProbe(2000)(`http://127.0.0.1:${port}/t10k-labels-idx1-ubyte.gz`)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await httpProbe(2000)(`http://127.0.0.1:${port}/t10k-labels-idx1-ubyte.gz`)).toBe(false);
  });
});

describe('createRun refuses a dataset it cannot get', () => {
  let services: HostServices | null = null;
  afterEach(async () => {
    await services?.close();
    services = null;
  });

  it('offline, a preset naming full MNIST is refused before any run exists, offering the embedded digits', async () => {
    services = createHostServices({ host: 'headless', dataDir: tempDir(), launcher: forkWorkerLauncher(builtFile('main', 'worker.js')), datasetProbe: offline });
    await expect(services.handlers.createRun({ preset: 'mnist-vae' })).rejects.toThrow(/dataset "mnist" is not available: .*cannot be reached.*--dataset embedded/);
    expect(services.store.listRuns({}).total).toBe(0);
    const choices = await services.handlers.datasetAvailability(undefined);
    expect(choices.map((c) => [c.choice, c.state])).toEqual([
      ['embedded-mnist', 'cached'],
      ['mnist', 'unavailable'],
      ['fashion-mnist', 'unavailable'],
      ['kmnist', 'unavailable'],
    ]);
  });

  it('renames a run, and search finds it by its new name', async () => {
    services = createHostServices({ host: 'headless', dataDir: tempDir(), launcher: forkWorkerLauncher(builtFile('main', 'worker.js')), datasetProbe: offline });
    const run = await services.handlers.createRun({ preset: 'mnist-2d', config: { data: { dataset: { source: 'embedded-mnist' } } }, start: false });
    const renamed = await services.handlers.renameRun({ id: run.id, name: '  two-d baseline ' });
    expect(renamed.name).toBe('two-d baseline');
    expect(services.store.listRuns({ search: 'baseline' }).runs.map((r) => r.id)).toEqual([run.id]);
  });
});

describe('vae-workbench train with a dataset it cannot get', () => {
  it('exits with one message that offers --dataset embedded, and creates no run', () => {
    const dataDir = tempDir();
    const cli = builtFile('main', 'cli.js');
    // mnist without --download and not in this fresh data folder's cache: no network needed to know.
    const result = spawnSync(process.execPath, [cli, 'train', '--preset', 'mnist-vae', '--dataset', 'mnist', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dataset "mnist" is not available');
    expect(result.stderr).toContain('--dataset embedded');
    const runs = spawnSync(process.execPath, [cli, 'runs', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(runs.stdout).toContain('No runs yet');
  });
});
