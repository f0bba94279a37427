/**
 * A run whose training worker is killed (kill -9, as the OOM killer does) in the browser: the run
 * page says why it stopped, offers to continue, and continuing trains it to completion from its
 * last checkpoint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from './workbench-host';
import { call } from './api-call';

/** Every process with its parent and command line, from /proc. */
function processes(): { pid: number; ppid: number; cmdline: string }[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return [{ pid: Number(entry), ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
      } catch {
        return [];
      }
    });
}

function trainingWorkerOf(dataDir: string): number | undefined {
  const all = processes();
  const host = all.find((p) => p.cmdline.includes('serve') && p.cmdline.includes(dataDir));
  return all.find((p) => p.ppid === host?.pid && p.cmdline.includes('worker'))?.pid;
}

test('a run whose worker was killed says why, offers Continue, and completes from its checkpoint', async ({ page, request, workbench }) => {
  test.setTimeout(240_000);
  const run = await call<{ id: string }>(request, workbench, 'createRun', {
    name: 'crashes once',
    config: { data: { dataset: { source: 'embedded-mnist' } }, model: { hidden: [32], latentDim: 2 }, optim: { batchSize: 256, epochs: 12 }, eval: { iwaePoints: 0, latentPoints: 200 } },
  });
  // Twelve short epochs: on a quiet machine three were over before the worker could be found.
  await expect
    .poll(async () => (await call<{ run: { summary: { epochsCompleted?: number } } }>(request, workbench, 'getRun', { id: run.id })).run.summary.epochsCompleted ?? 0, { timeout: 120_000, intervals: [100] })
    .toBeGreaterThanOrEqual(1);
  const worker = trainingWorkerOf(workbench.dataDir);
  expect(worker, 'the training worker process').toBeDefined();
  process.kill(worker as number, 'SIGKILL');

  await page.goto(`${workbench.url}#/run/${run.id}`);
  await expect(page.getByTestId('run-status')).toHaveText('interrupted', { timeout: 30_000 });
  await expect(page.getByText(/The training worker was killed by SIGKILL before the run finished; it can continue from its last checkpoint/)).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/run-interrupted-by-crash.png', fullPage: true });
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 180_000 });
});
