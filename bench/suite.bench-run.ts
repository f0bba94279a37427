/**
 * `npm run bench` runs this file under vitest (for TypeScript), one benchmark after another so they
 * do not compete for the two cores; scripts/bench.js prints the collected JSON.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { runAutoregressiveBench } from './autoregressive-bench';
import { runColourConvBench, runConvBench } from './conv-bench';
import { runLiveLatencyBench } from './live-latency-bench';
import { runStoreBench } from './store-bench';
import { runTrainBench } from './train-bench';
import { measureWorkerRss } from './worker-rss';

const out = process.env.BENCH_OUT;
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

function record(name: string, result: object): void {
  if (out) appendFileSync(out, `${JSON.stringify({ name, result })}\n`);
}

const benches: [string, () => Promise<object>][] = [
  ['store', () => runStoreBench()],
  ['liveLatency', () => runLiveLatencyBench()],
  ['training', () => runTrainBench()],
  ['conv', () => runConvBench()],
  ['convColour', () => runColourConvBench()],
  // The PixelCNN decoder beside the MLP: training samples/s and a 64-image grid, same backend, same run.
  ['autoregressive', () => runAutoregressiveBench()],
  // One training worker's peak RSS, one epoch of each on full MNIST (evaluation included).
  ['workerRss', async () => ({ runs: [await measureWorkerRss('mnist-vae', mnistFolder()), await measureWorkerRss('conv-vae', mnistFolder())] })],
];

function mnistFolder(): string {
  return process.env.VAE_BENCH_MNIST ?? path.resolve('../shared/datasets/mnist');
}

for (const [name, bench] of benches) {
  it.runIf(only.length === 0 || only.includes(name))(name, async () => {
    record(name, await bench());
  });
}
