/**
 * The evaluation protocol as a researcher sees it, against the real headless host and real workers:
 * per-epoch numbers on the validation split with their estimator, the test set evaluated when the
 * run finishes and again on request (with progress), the rate–distortion plane, and the collapse
 * panel's information-based verdict.
 */
import { expect, test } from './workbench-host';
import { call } from './api-call';

test('a finished run shows validation numbers with their estimator, its test evaluation, and evaluates the test set again on request', async ({ page, request, workbench }) => {
  test.setTimeout(180_000);
  const run = await call<{ id: string }>(request, workbench, 'createRun', {
    name: 'protocol-e2e',
    config: { data: { binarization: 'static' }, model: { hidden: [64], latentDim: 8 }, optim: { epochs: 2 }, eval: { iwaeK: 10, iwaePoints: 100, latentPoints: 300 } },
  });
  await page.goto(`${workbench.url}#/run/${run.id}`);
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  const panel = page.getByTestId('evaluation-panel');
  await expect(panel.getByTestId('evaluation-split')).toHaveText('validation');
  await expect(panel.getByTestId('dataset-caveat')).toContainText('MNIST’s test set');
  await expect(panel.getByTestId('evaluation-elbo')).toContainText(/ELBO · validation, 750 points/);
  await expect(panel.getByTestId('evaluation-nll')).toContainText(/NLL ≤ · validation \(IWAE-10 bound, 100 points\)/);
  await expect(panel.getByTestId('best-epoch')).toHaveText(/^[12]$/);
  // The test set, evaluated once when the run finished.
  await expect(panel.getByTestId('test-evaluation')).toHaveCount(1);
  await expect(panel.getByTestId('test-evaluation')).toContainText('ELBO · test, 1000 points · epoch 2');

  // Again on request with a larger K: progress, then the stored result replaces the first.
  await panel.getByRole('spinbutton').fill('40');
  await panel.getByRole('button', { name: 'Evaluate on the test set' }).click();
  await expect(panel.getByTestId('test-evaluation')).toContainText('IWAE-40 bound, 1000 points', { timeout: 60_000 });
  const tests = await call<{ iwae: { k: number; points: number; nll: number | null } }[]>(request, workbench, 'getTestEvaluations', { runId: run.id });
  expect(tests).toHaveLength(1);
  expect(tests[0]?.iwae).toMatchObject({ k: 40, points: 1000 });
  expect(tests[0]?.iwae.nll).toBeGreaterThan(0);

  const collapse = page.getByTestId('collapse-panel');
  await expect(collapse.getByTestId('code-level')).toHaveText(/informative|weak|collapsed/);
  await expect(panel.locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/run-evaluation-protocol.png', fullPage: true });
});

test('evaluating a run with nothing to evaluate says why', async ({ request, workbench }) => {
  const run = await call<{ id: string }>(request, workbench, 'createRun', { name: 'never-started', config: { optim: { epochs: 1 } }, start: false });
  await expect(call(request, workbench, 'evaluateRun', { id: run.id })).rejects.toThrow(/has no checkpoint yet to evaluate/);
  await expect(call(request, workbench, 'evaluateRun', { id: run.id, split: 'train' })).rejects.toThrow(/split must be "test" or "validation"/);
});
