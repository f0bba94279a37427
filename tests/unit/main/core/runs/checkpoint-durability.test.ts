/**
 * A checkpoint is on disk before the host records it: the worker fsyncs each file and the temporary
 * folder before renaming it into place, and the run's checkpoint folder after. Watched from outside
 * with strace on a real CLI `train` (skipped where strace is not installed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtFile } from '../../../../helpers/built-app';
import { tempDataDir, tinyConfig } from '../../../../helpers/tiny-run';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

describe('checkpoint durability', () => {
  it.skipIf(!hasStrace)('fsyncs every checkpoint file and the temporary folder before the rename, and the folder after', () => {
    const dataDir = tempDataDir();
    const configPath = join(dataDir, 'config.json');
    writeFileSync(configPath, JSON.stringify(tinyConfig({ epochs: 2 })));
    const trace = join(dataDir, 'strace.log');
    const result = spawnSync(
      'strace',
      ['-f', '-y', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', '-o', trace, process.execPath, builtFile('main', 'cli.js'), 'train', '--config', configPath, '--data-dir', dataDir],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const lines = readFileSync(trace, 'utf8').split('\n');
    const renameAt = lines.findIndex((line) => /rename.*\.step-\d{9}\.tmp-\d+.*step-\d{9}/.test(line));
    expect(renameAt).toBeGreaterThan(0);
    const tempFolder = /(\/[^"]*\/\.step-\d{9}\.tmp-\d+)/.exec(lines[renameAt] ?? '')?.[1] ?? '';
    const before = lines.slice(0, renameAt).filter((line) => line.includes('fsync('));
    for (const file of ['weights.bin', 'optimizer.bin', 'model.json']) {
      expect(before.some((line) => line.includes(`${tempFolder}/${file}>`)), `${file} fsync'd before the rename`).toBe(true);
    }
    expect(before.some((line) => line.includes(`<${tempFolder}>`)), 'temporary folder fsync\'d').toBe(true);
    const checkpointRoot = tempFolder.replace(/\/[^/]+$/, '');
    const after = lines.slice(renameAt + 1).filter((line) => line.includes('fsync('));
    expect(after.some((line) => line.includes(`<${checkpointRoot}>`)), 'checkpoint folder fsync\'d after the rename').toBe(true);
  });
});
