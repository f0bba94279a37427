import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtFile } from '../../../helpers/built-app';
import { tinyConfig } from '../../../helpers/tiny-run';

const cli = () => builtFile('main', 'cli.js');

describe('vae-workbench CLI', () => {
  it('prints help and version', () => {
    const help = spawnSync(process.execPath, [cli(), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const command of ['serve', 'train', 'runs', 'export', 'import', 'resume']) expect(help.stdout).toContain(`  ${command} `);
    const trainHelp = spawnSync(process.execPath, [cli(), 'train', '--help'], { encoding: 'utf8' });
    expect(trainHelp.stdout).toContain('--preset NAME');
    const version = spawnSync(process.execPath, [cli(), '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects bad usage with one line and exit code 2, never a stack trace', () => {
    for (const args of [['bogus'], ['serve', '--port', 'x'], ['serve', '--nope']]) {
      const result = spawnSync(process.execPath, [cli(), ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('train rejects a bad config with one message per bad field', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vwb-cli-'));
    const configPath = join(dataDir, 'bad.json');
    writeFileSync(configPath, JSON.stringify({ optim: { lr: -1, epochs: 0 }, model: { latentDim: 999 }, surprise: true }));
    const result = spawnSync(process.execPath, [cli(), 'train', '--config', configPath, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    for (const field of ['optim.lr', 'optim.epochs', 'model.latentDim', 'surprise']) expect(result.stderr).toContain(field);
    const badPreset = spawnSync(process.execPath, [cli(), 'train', '--preset', 'nope', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(badPreset.status).toBe(2);
    expect(badPreset.stderr).toContain('mnist-vae');
  });

  it('train --json streams one JSON object per line and ends with the finished run; runs and export read it back', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vwb-cli-'));
    const configPath = join(dataDir, 'tiny.json');
    writeFileSync(configPath, JSON.stringify(tinyConfig({ epochs: 1 })));
    const result = spawnSync(process.execPath, [cli(), 'train', '--config', configPath, '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; run?: { status: string; id: string } });
    expect(lines.some((line) => line.type === 'progress')).toBe(true);
    expect(lines.some((line) => line.type === 'evaluation')).toBe(true);
    const last = lines.at(-1);
    expect(last?.type).toBe('finished');
    expect(last?.run?.status).toBe('completed');

    const runs = spawnSync(process.execPath, [cli(), 'runs', '--json', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(JSON.parse(runs.stdout.trim()).id).toBe(last?.run?.id);
    const out = join(dataDir, 'metrics.csv');
    const exported = spawnSync(process.execPath, [cli(), 'export', String(last?.run?.id).slice(0, 8), '--format', 'csv', '--out', out, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(exported.status).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('run,key,step,epoch,time,value');
  });

  it('serve prints a tokenised loopback URL that answers, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vwb-cli-'));
    const child = spawn(process.execPath, [cli(), 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
