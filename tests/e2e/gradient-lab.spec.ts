/**
 * The gradient-estimator lab as a researcher meets it, against the real headless host and a real
 * worker: a finished run's "Gradient lab" tab states the cost, measures, and shows the estimators'
 * variance and SNR against L as a plot and a table.
 */
import { expect, test } from './workbench-host';
import { call } from './api-call';

test('the gradient lab measures reparameterization against the score function and shows it per group', async ({ page, request, workbench }) => {
  test.setTimeout(240_000);
  const run = await call<{ id: string }>(request, workbench, 'createRun', {
    name: 'gradient-lab-e2e',
    config: { model: { hidden: [32], latentDim: 4 }, optim: { epochs: 1, batchSize: 256 }, eval: { iwaeK: 4, iwaePoints: 64, latentPoints: 200, maxHeldOut: 300 } },
  });
  await page.goto(`${workbench.url}#/run/${run.id}/gradients`);
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  const lab = page.getByTestId('gradient-lab');
  await lab.getByTestId('lab-samples').fill('1,4');
  await lab.getByRole('spinbutton').first().fill('6');
  await lab.getByRole('spinbutton').nth(1).fill('8');
  await expect(lab.getByTestId('lab-cost')).toHaveText('Cost: 36 gradient estimates, 816 decoder rows in all, in a worker of its own.');
  await lab.getByTestId('lab-samples').fill('1,x');
  await expect(lab.getByTestId('lab-cost')).toContainText('"x"');
  await expect(lab.getByTestId('lab-run')).toBeDisabled();
  await lab.getByTestId('lab-samples').fill('1,4');
  await lab.getByTestId('lab-run').click();
  const table = lab.getByTestId('lab-table');
  await expect(table.locator('tbody tr')).toHaveCount(6, { timeout: 120_000 });
  await expect(table.locator('tbody tr').first()).toContainText('Reparameterization');
  await expect(table.locator('tbody tr').last()).toContainText('Score function + baseline');
  await expect(lab.locator('canvas').first()).toBeVisible();
  await expect(lab.getByTestId('lab-snr-floor')).toContainText('With 6 estimates');
  await lab.getByTestId('lab-group').selectOption({ index: 2 });
  await expect(lab.getByTestId('lab-group')).toHaveValue('encoder/head · μ');
  await lab.getByLabel('SNR').check();
  await page.screenshot({ path: 'test-results/screenshots/gradient-lab.png', fullPage: true });

  // The same numbers through the API, and its refusals.
  const result = await call<{ rows: { estimator: string; total: { variance: number } }[] }>(request, workbench, 'gradientLab', { id: run.id, samples: [1], replicates: 4, points: 4 });
  const variance = (name: string) => result.rows.find((row) => row.estimator === name)?.total.variance ?? Number.NaN;
  expect(variance('reparameterization')).toBeLessThan(variance('score-function'));
  await expect(call(request, workbench, 'gradientLab', { id: run.id, samples: [0] })).rejects.toThrow(/sample count must be ≥ 1/);
  await expect(call(request, workbench, 'gradientLab', { id: run.id, replicates: 1 })).rejects.toThrow(/at least 2 replicates/);
});

test('the gradient lab on a run with no checkpoint says why', async ({ request, workbench }) => {
  const run = await call<{ id: string }>(request, workbench, 'createRun', { name: 'never-started-lab', config: { optim: { epochs: 1 } }, start: false });
  await expect(call(request, workbench, 'gradientLab', { id: run.id })).rejects.toThrow(/has no checkpoint yet to examine/);
});
