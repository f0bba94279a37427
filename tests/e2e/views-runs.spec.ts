/**
 * The Runs table against the real headless host: server-side sort and search, the status and tag
 * filters, tags and notes editing, live row updates, and deletion behind a confirmation.
 * Runs are created through the API without starting them, so no training is involved.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect, test, type WorkbenchHost } from './workbench-host';
import { call } from './api-call';

/** The host is shared by the spec files of one Playwright worker: start from an empty run list. */
async function deleteAllRuns(request: APIRequestContext, host: WorkbenchHost): Promise<void> {
  const list = await call<{ runs: { id: string }[] }>(request, host, 'listRuns', { limit: 1000 });
  for (const run of list.runs) await call(request, host, 'deleteRun', { id: run.id });
}

test('sort, search, filter, tag, annotate and delete runs', async ({ page, request, workbench }) => {
  await deleteAllRuns(request, workbench);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  // Small held-out budgets keep the one run this test trains to a few seconds.
  const config = { optim: { epochs: 1 }, eval: { iwaePoints: 100, latentPoints: 200 } };
  const alpha = await call<{ id: string }>(request, workbench, 'createRun', { name: 'alpha-baseline', config, start: false });
  await call(request, workbench, 'createRun', { name: 'beta-sweep', config: { ...config, objective: { beta: 4 } }, start: false });
  await call(request, workbench, 'createRun', { name: 'gamma-wide', config: { ...config, model: { latentDim: 64 } }, start: false });

  await page.goto(workbench.url);
  const rows = page.getByTestId('runs-table').locator('tbody tr');
  const names = () => rows.locator('td.name').allTextContents();
  await expect(rows).toHaveCount(3);
  // Newest first by default.
  expect(await names()).toEqual(['gamma-wide', 'beta-sweep', 'alpha-baseline']);

  // Sorting happens on the host; the header says how the table is sorted.
  await page.getByRole('button', { name: 'Name' }).click();
  await expect.poll(names).toEqual(['alpha-baseline', 'beta-sweep', 'gamma-wide']);
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'β' }).click();
  await expect.poll(names).toEqual(['alpha-baseline', 'gamma-wide', 'beta-sweep']);
  await page.getByRole('button', { name: 'Latent' }).press('Enter');
  await expect(page.getByRole('columnheader', { name: 'Latent' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.first()).toContainText('alpha-baseline');

  // Search waits for a pause in typing, then asks the host.
  await page.getByRole('searchbox', { name: 'Search runs' }).fill('gam');
  await expect.poll(names).toEqual(['gamma-wide']);
  await page.getByRole('searchbox', { name: 'Search runs' }).fill('');
  await expect(rows).toHaveCount(3);

  // Tags and notes.
  await page.getByRole('button', { name: 'Edit tags and notes of alpha-baseline' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags and notes: alpha-baseline' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Tags').fill('baseline, mnist');
  await dialog.getByLabel('Notes').fill('The reference run for β sweeps.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const alphaRow = rows.filter({ hasText: 'alpha-baseline' });
  await expect(alphaRow.locator('.tag')).toHaveText(['baseline', 'mnist']);
  await expect(alphaRow.getByRole('img', { name: 'Has notes' })).toHaveAttribute('title', 'The reference run for β sweeps.');
  await page.screenshot({ path: 'test-results/screenshots/runs-tagged.png', fullPage: true });

  // A change made elsewhere (here: straight through the API) updates the row in place.
  await call(request, workbench, 'startRun', { id: alpha.id });
  await expect(alphaRow.getByTestId('run-status')).toHaveText('running', { timeout: 30_000 });
  await expect(alphaRow.getByTestId('run-status')).toHaveText('completed', { timeout: 60_000 });
  await expect(alphaRow.locator('td.numeric').nth(4)).toHaveText(/^\d+ \/ 20$/);

  // Filters: by tag, by status.
  await page.getByRole('combobox', { name: 'Filter by tag' }).selectOption('mnist');
  await expect.poll(names).toEqual(['alpha-baseline']);
  await page.getByRole('combobox', { name: 'Filter by tag' }).selectOption('');
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('failed');
  await expect(page.getByText('No runs match these filters.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('completed');
  await expect.poll(names).toEqual(['alpha-baseline']);
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('queued');
  await expect.poll(names).toEqual(['beta-sweep', 'gamma-wide']);
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
  await expect(rows).toHaveCount(3);

  // Deleting asks first; Cancel keeps the run.
  await page.getByRole('button', { name: 'Delete beta-sweep' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete run?' });
  await expect(confirm).toContainText('beta-sweep');
  await page.screenshot({ path: 'test-results/screenshots/runs-delete-confirm.png' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(rows).toHaveCount(3);
  await page.getByRole('button', { name: 'Delete beta-sweep' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('heading', { name: /Runs/ })).toContainText('2');

  // A run deleted elsewhere disappears too.
  const list = await call<{ runs: { id: string; name: string }[] }>(request, workbench, 'listRuns', {});
  const gamma = list.runs.find((run) => run.name === 'gamma-wide');
  await call(request, workbench, 'deleteRun', { id: gamma?.id });
  await expect(rows).toHaveCount(1);

  expect(consoleErrors).toEqual([]);
});

test('a run that was never started can be started from its dashboard', async ({ page, request, workbench }) => {
  const run = await call<{ id: string }>(request, workbench, 'createRun', {
    name: 'waiting',
    config: { model: { latentDim: 2 }, optim: { epochs: 1 }, eval: { iwaePoints: 0, latentPoints: 200 } },
    start: false,
  });
  await page.goto(workbench.url);
  await page.getByRole('link', { name: 'waiting' }).click();
  await expect(page).toHaveURL(new RegExp(`#/run/${run.id}$`));
  await expect(page.getByTestId('progress-text')).toHaveText('Queued: waiting to start');
  await expect(page.getByText('The heatmap fills in after each epoch’s held-out evaluation.')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/run-queued.png', fullPage: true });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByTestId('kl-summary')).toContainText('of 2 unused');
});

test('a run exported as a bundle is imported from the Runs view and opens as a new run', async ({ page, request, workbench }) => {
  const config = {
    model: { hidden: [32], latentDim: 2 },
    optim: { epochs: 1, batchSize: 256 },
    eval: { iwaeK: 4, iwaePoints: 64, latentPoints: 200, maxHeldOut: 300 },
  };
  const source = await call<{ id: string }>(request, workbench, 'createRun', { name: 'to-bundle', config });
  await expect.poll(async () => (await call<{ run: { status: string } }>(request, workbench, 'getRun', { id: source.id })).run.status, { timeout: 60_000 }).toBe('completed');
  const bundle = await call<{ filename: string; base64: string }>(request, workbench, 'exportRun', { id: source.id, format: 'bundle' });

  await page.goto(workbench.url);
  await page.getByTestId('bundle-file').setInputFiles({ name: bundle.filename, mimeType: 'application/octet-stream', buffer: Buffer.from(bundle.base64, 'base64') });
  await expect(page.getByRole('heading', { name: 'to-bundle (imported)' })).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveURL(/#\/run\//);
  await expect(page.getByText('completed').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/imported-run.png', fullPage: true });

  // A corrupt file is refused with the reason, and nothing is created.
  await page.goto(`${workbench.origin}/#/runs`);
  const before = (await call<{ total: number }>(request, workbench, 'listRuns', {})).total;
  await page.getByTestId('bundle-file').setInputFiles({ name: 'broken.vaebundle', mimeType: 'application/octet-stream', buffer: Buffer.from('not a bundle at all') });
  await expect(page.getByRole('alert')).toContainText('Could not import broken.vaebundle');
  expect((await call<{ total: number }>(request, workbench, 'listRuns', {})).total).toBe(before);
});
