/**
 * The collapse doctor as a researcher uses it, against the real host and real workers: a collapsed
 * run's panel → Try the fixes → the experiment view fills in live → Adopt → the New run form holds
 * the winning remedy's config at the original run's length.
 */
import { expect, test } from './workbench-host';
import { call } from './api-call';

test('a collapsed run → Try the fixes → the ranking fills in → Adopt opens the New run form with the winner', async ({ page, request, workbench }) => {
  test.setTimeout(420_000);
  // A small model under β = 30: the code collapses in its one epoch.
  const config = {
    data: { dataset: { source: 'embedded-mnist' } },
    model: { hidden: [64], latentDim: 8 },
    objective: { beta: 30 },
    optim: { batchSize: 256, epochs: 3 },
    eval: { iwaeK: 4, iwaePoints: 64, latentPoints: 200, maxHeldOut: 300 },
    reportEverySteps: 5,
    backend: 'wasm',
  };
  const run = await call<{ id: string }>(request, workbench, 'createRun', { name: 'collapsed-e2e', config });
  await page.goto(`${workbench.url}#/run/${run.id}`);
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  await expect(page.getByTestId('collapse-warning')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/doctor-collapsed-run.png', fullPage: true });

  await page.getByTestId('try-fixes').click();
  await expect(page).toHaveURL(/#\/experiment\//, { timeout: 30_000 });
  const view = page.getByTestId('experiment-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('doctor-ranking')).toContainText('control');
  // Live: the progress counter moves while the children train.
  await expect(page.getByTestId('experiment-progress')).toContainText(/[1-9]\d* of \d+ runs done/, { timeout: 240_000 });
  await page.screenshot({ path: 'test-results/screenshots/doctor-experiment-live.png', fullPage: true });
  await expect(page.getByTestId('experiment-progress')).toHaveText(/(\d+) of \1 runs done/, { timeout: 300_000 });
  await expect(page.getByTestId('doctor-verdict')).toContainText('restores the most information');
  await page.screenshot({ path: 'test-results/screenshots/doctor-experiment-done.png', fullPage: true });

  const winner = (await page.getByTestId('doctor-verdict').textContent()) ?? '';
  await page.getByRole('button', { name: 'Adopt' }).click();
  await expect(page).toHaveURL(/#\/new\?from=.*&epochs=3/);
  // The form holds the winner's config at the original run's length (3 epochs, not the doctor's 2).
  await expect(page.locator('#epochs')).toHaveValue('3');
  if (winner.startsWith('β = 1')) await expect(page.locator('#beta')).toHaveValue('1');
  if (winner.startsWith('free bits')) await expect(page.locator('#freeBits')).toHaveValue('0.5');
  await page.screenshot({ path: 'test-results/screenshots/doctor-adopt-form.png', fullPage: true });
});
