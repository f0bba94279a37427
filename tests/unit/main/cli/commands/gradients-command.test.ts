/**
 * `vae-workbench gradients RUN`: the gradient-estimator lab end to end, through the built CLI, a real
 * worker process and a run trained by the CLI on the embedded digits.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradientLabResult } from '../../../../../src/shared/gradient-lab';
import { builtFile } from '../../../../helpers/built-app';
import { tinyConfig } from '../../../../helpers/tiny-run';

const cli = () => builtFile('main', 'cli.js');
let dataDir = '';
let runId = '';

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'vwb-gradients-'));
  const configPath = join(dataDir, 'tiny.json');
  writeFileSync(configPath, JSON.stringify(tinyConfig({ epochs: 1 })));
  const trained = spawnSync(process.execPath, [cli(), 'train', '--config', configPath, '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
  expect(trained.status).toBe(0);
  const last = JSON.parse(trained.stdout.trim().split('\n').at(-1) ?? '{}') as { run?: { id: string } };
  runId = last.run?.id ?? '';
}, 120_000);

describe('vae-workbench gradients', () => {
  it('--json reports every estimator at every L, per parameter group, with the head split into μ and log σ²', () => {
    const result = spawnSync(process.execPath, [cli(), 'gradients', runId.slice(0, 8), '--samples', '4,1', '--replicates', '4', '--points', '8', '--json', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lab = JSON.parse(result.stdout) as GradientLabResult;
    expect(lab.runId).toBe(runId);
    expect(lab.samples).toEqual([1, 4]);
    expect(lab.points).toBe(8);
    expect(lab.rows.map((row) => `${row.estimator}/${row.samples}`)).toEqual([
      'reparameterization/1',
      'reparameterization/4',
      'score-function/1',
      'score-function/4',
      'score-function-baseline/1',
      'score-function-baseline/4',
    ]);
    // tinyConfig: 784 → 32 → 2·4.
    expect(lab.groups).toEqual([
      { name: 'encoder/dense0', size: 784 * 32 + 32 },
      { name: 'encoder/head · μ', size: 32 * 4 + 4 },
      { name: 'encoder/head · log σ²', size: 32 * 4 + 4 },
    ]);
    for (const row of lab.rows) {
      expect(row.total.size).toBe(784 * 32 + 32 + 2 * (32 * 4 + 4));
      expect(row.total.variance).toBeGreaterThan(0);
      expect(row.total.snr).toBeGreaterThan(0);
      expect(row.msPerEstimate).toBeGreaterThan(0);
      expect(row.decoderRowsPerEstimate).toBe(8 * row.samples + (row.estimator === 'score-function-baseline' ? 8 : 0));
    }
    // On a trained model the score function is far noisier than the reparameterization trick.
    const variance = (estimator: string) => lab.rows.find((row) => row.estimator === estimator && row.samples === 1)?.total.variance ?? Number.NaN;
    expect(variance('reparameterization')).toBeLessThan(variance('score-function'));
  }, 120_000);

  it('prints tables and refuses bad sample counts with one line', () => {
    const text = spawnSync(process.execPath, [cli(), 'gradients', runId, '--samples', '2', '--replicates', '3', '--points', '4', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('All encoder parameters');
    expect(text.stdout).toMatch(/Score function \+ baseline\s+2\s/);
    const bad = spawnSync(process.execPath, [cli(), 'gradients', runId, '--samples', '1,x', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('"x"');
    const noRun = spawnSync(process.execPath, [cli(), 'gradients', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(noRun.status).toBe(2);
  }, 120_000);
});
