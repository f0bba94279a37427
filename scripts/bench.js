// `npm run bench`: the benchmarks, one after another, printed as one JSON object.
// BENCH_ONLY=store,liveLatency,training,conv,convColour,autoregressive,workerRss,charts,latency,linkedViews picks some. Each compares against a reference
// measured in the same run (matmul roofline, PyTorch where installed, brute-force queries).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/ensure-build.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!ensureBuild(root, (line) => process.stderr.write(`${line}\n`))) process.exit(1);
const work = mkdtempSync(join(tmpdir(), 'vwb-bench-'));
const out = join(work, 'results.jsonl');
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const wants = (name) => only.length === 0 || only.includes(name);

const results = {};
const failures = [];
if (['store', 'liveLatency', 'training', 'conv', 'convColour', 'autoregressive', 'workerRss'].some(wants)) {
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.bench.config.ts'], {
    cwd: root,
    env: { ...process.env, BENCH_OUT: out, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) failures.push(`node benchmarks failed (exit ${run.status}):\n${run.stdout}`);
  if (existsSync(out)) {
    for (const line of readFileSync(out, 'utf8').trim().split('\n').filter(Boolean)) {
      const { name, result } = JSON.parse(line);
      results[name] = result;
    }
  }
}
// Browser benchmarks: Playwright specs that measure only when asked and write their JSON to a file.
function playwrightBench(name, spec, title, env) {
  const file = join(work, `${name}.json`);
  const run = spawnSync(process.execPath, [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', spec, '-g', title], {
    cwd: root,
    env: { ...process.env, ...env(file) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (existsSync(file)) results[name] = JSON.parse(readFileSync(file, 'utf8'));
  else failures.push(`${name} benchmark wrote no result (exit ${run.status}):\n${run.stdout}`);
}
// charts: first render and a 10 Hz live append loop (10 × 2,000 buckets; 10 × 100k raw points),
// long tasks as the page saw them and each task's CPU time from a trace, beside a reference task.
if (wants('charts')) playwrightBench('charts', 'tests/e2e/charts.spec.ts', 'benchmark', (file) => ({ CHARTS_BENCH: '1', CHARTS_BENCH_OUT: file }));
// latency: interpolation slider → decoded image against the real host, cached and through the worker.
if (wants('latency')) playwrightBench('latency', 'tests/e2e/latency.spec.ts', 'latency', (file) => ({ LATENCY_BENCH: '1', LATENCY_BENCH_OUT: file }));
// linkedViews: a selection (dimension, epoch, brush) → every linked panel updated, 64 dimensions and 2,000 points.
if (wants('linkedViews')) playwrightBench('linkedViews', 'tests/e2e/linked-views.spec.ts', 'latency', (file) => ({ LINKED_BENCH: '1', LINKED_BENCH_OUT: file }));
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.versions.node }, ...results, failures }, null, 2)}\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
