/**
 * `npm run bench` runs this file under vitest (for TypeScript), one benchmark after another so they
 * do not compete for the two cores; scripts/bench.js prints the collected JSON.
 */
import { appendFileSync } from 'node:fs';
import { it } from 'vitest';
import { runLiveLatencyBench } from './live-latency-bench';
import { runStoreBench } from './store-bench';
import { runTrainBench } from './train-bench';

const out = process.env.BENCH_OUT;
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

function record(name: string, result: object): void {
  if (out) appendFileSync(out, `${JSON.stringify({ name, result })}\n`);
}

const benches: [string, () => Promise<object>][] = [
  ['store', () => runStoreBench()],
  ['liveLatency', () => runLiveLatencyBench()],
  ['training', () => runTrainBench()],
];

for (const [name, bench] of benches) {
  it.runIf(only.length === 0 || only.includes(name))(name, async () => {
    record(name, await bench());
  });
}
