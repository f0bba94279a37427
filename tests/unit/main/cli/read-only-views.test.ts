/**
 * The CLI's read-only commands against a real data folder: runs a dead host left 'running' show as
 * interrupted without anything being written, and a read-only folder (a read-only mount as root,
 * else a folder without write permission) still lists and exports while training is refused with
 * a message that says the folder is read-only, not that the database is unreadable.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../../../src/main/core/store/run-store';
import { builtFile } from '../../../helpers/built-app';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [builtFile('main', 'cli.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A data folder holding one run left 'running' by a host, as a killed host leaves it. */
function folderWithRunningRun(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const store = openRunStore(join(dataDir, 'workbench.sqlite'));
  const run = store.createRun({ name: 'left running', config: { model: { latentDim: 2 } }, seed: 1 });
  store.setStatus(run.id, 'running');
  store.close();
  return run.id;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function registerHost(dataDir: string, pid: number): void {
  mkdirSync(join(dataDir, 'hosts'), { recursive: true });
  writeFileSync(join(dataDir, 'hosts', `${pid}.pid`), JSON.stringify({ pid, kind: 'headless', since: Date.now() }));
}

const statusesOf = (stdout: string) => stdout.trim().split('\n').map((line) => (JSON.parse(line) as { status: string }).status);

describe('runs shows a dead host\'s runs as interrupted, without writing', () => {
  it('uses the live-host registry: interrupted when its host is gone, running while a host is alive', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vwb-dead-host-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const runId = folderWithRunningRun(dataDir);
    registerHost(dataDir, deadPid());

    const listed = cli(['runs', '--json', '--data-dir', dataDir]);
    expect(listed.status).toBe(0);
    expect(statusesOf(listed.stdout)).toEqual(['interrupted']);
    const table = cli(['runs', '--data-dir', dataDir]);
    expect(table.stdout).toMatch(/left running\s+interrupted/);
    const store = openRunStore(join(dataDir, 'workbench.sqlite'));
    expect(store.getRun(runId).status).toBe('running'); // nothing was written
    store.close();

    // While some host is alive on the folder (this test process stands in for one) the run may
    // really be training, so it is shown as stored.
    registerHost(dataDir, process.pid);
    expect(statusesOf(cli(['runs', '--json', '--data-dir', dataDir]).stdout)).toEqual(['running']);
  });
});

describe('a read-only data folder', () => {
  it('lists and exports its runs, and refuses training with a message that says read-only', () => {
    const root = mkdtempSync(join(tmpdir(), 'vwb-read-only-'));
    const dataDir = join(root, 'data');
    folderWithRunningRun(dataDir);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      // Root ignores permissions: a read-only mount is the real thing.
      mkdirSync(join(root, 'mnt'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', join(root, 'mnt')], { stdio: 'ignore' });
    }
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    let folder = dataDir;
    if (asRoot) {
      folder = join(root, 'mnt', 'data');
      mkdirSync(folder);
      writeFileSync(join(folder, 'workbench.sqlite'), readFileSync(join(dataDir, 'workbench.sqlite')));
      execFileSync('mount', ['-o', 'remount,ro', join(root, 'mnt')], { stdio: 'ignore' });
      cleanups.push(() => execFileSync('umount', ['-l', join(root, 'mnt')], { stdio: 'ignore' }));
    } else {
      chmodSync(join(folder, 'workbench.sqlite'), 0o444);
      chmodSync(folder, 0o555);
      cleanups.push(() => chmodSync(folder, 0o755));
    }

    const listed = cli(['runs', '--json', '--data-dir', folder]);
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(statusesOf(listed.stdout)).toEqual(['interrupted']);
    const out = join(root, 'export.json');
    const exported = cli(['export', 'left running', '--format', 'json', '--out', out, '--data-dir', folder]);
    expect(exported.stderr).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ run: { name: 'left running' } });

    const train = cli(['train', '--dataset', 'embedded', '--epochs', '1', '--data-dir', folder]);
    expect(train.status).not.toBe(0);
    expect(train.stderr).toMatch(/data folder .* is read-only/);
    expect(train.stderr).not.toMatch(/not a readable SQLite database/);
    const bundle = join(root, 'bundle.vaebundle');
    expect(cli(['export', 'left running', '--format', 'bundle', '--out', bundle, '--data-dir', folder]).stderr).toBe('');
    const imported = cli(['import', bundle, '--data-dir', folder]);
    expect(imported.status).not.toBe(0);
    expect(imported.stderr).toMatch(/data folder .* is read-only/);
  });
});
