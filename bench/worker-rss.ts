/**
 * Peak resident memory of one training worker: the built worker (out/main/worker.js, as the CLI
 * and the headless host fork it) trains one epoch of a preset on full MNIST, evaluation and
 * checkpoint included, and its VmHWM is read from /proc just before it is shut down. The
 * benchmark's own process holds other benchmarks' data, so its RSS says nothing about a worker.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRunConfig, PRESETS, type PresetName } from '../src/shared/config';
import type { WorkerToHostMessage } from '../src/shared/worker-protocol';

export interface WorkerRss {
  preset: PresetName;
  backend: string | null;
  peakRssBytes: number;
  epochSeconds: number;
}

export async function measureWorkerRss(preset: PresetName, mnistFolder: string, workerPath = path.resolve('out/main/worker.js')): Promise<WorkerRss | { preset: PresetName; skipped: string }> {
  if (!existsSync(workerPath)) return { preset, skipped: `${workerPath} is not built (npm run build)` };
  const work = mkdtempSync(path.join(os.tmpdir(), 'vwb-rss-'));
  const base = PRESETS[preset].config;
  const config = parseRunConfig({ ...base, data: { ...base.data, dataset: { source: 'idx', name: 'mnist', folder: mnistFolder } }, optim: { ...base.optim, epochs: 1 } });
  const child = fork(workerPath, ['--worker-name=bench-rss'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const started = performance.now();
  try {
    const backend = await new Promise<string | null>((resolve, reject) => {
      let name: string | null = null;
      child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before finishing: ${stderr}`)));
      child.on('message', (raw) => {
        const message = raw as WorkerToHostMessage;
        if (message.type === 'ready') {
          child.send({ type: 'start', runId: 'bench-rss', config, checkpointDir: path.join(work, 'checkpoints'), resumeFrom: null, cacheDir: path.join(work, 'cache') });
        } else if (message.type === 'fatal') {
          reject(new Error(message.message));
        } else if (message.type === 'report') {
          const report = message.report;
          if (report.type === 'started') name = report.backend.name;
          else if (report.type === 'finished') resolve(name);
          else if (report.type === 'failed') reject(new Error(report.outcome.failure?.diagnosis ?? 'the run failed'));
        }
      });
    });
    const epochSeconds = (performance.now() - started) / 1000;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    return { preset, backend, peakRssBytes: kib * 1024, epochSeconds };
  } finally {
    child.removeAllListeners('exit');
    if (child.connected) child.send({ type: 'shutdown' });
    await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => resolve(clearTimeout(timer)));
      if (child.exitCode !== null) resolve(clearTimeout(timer));
    });
    rmSync(work, { recursive: true, force: true });
  }
}
