/**
 * The first hour of a researcher, against the real headless host: the New run form says which
 * datasets can be had and describes the hidden sizes typed; a run shows its steps from the start and
 * never one past the total; its config panel, rename, and "Clone and edit"; the latent explorer's
 * one naming of dimensions, slider ranges, picked pair and strip export; the runs table's config
 * search, configurable columns, and a Compare selection that survives filters.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test, type WorkbenchHost } from './workbench-host';
import { call } from './api-call';

const SHOTS = 'test-results/screenshots';

/** Spec files share a host per Playwright worker: start from an empty run list. */
async function deleteAllRuns(request: APIRequestContext, host: WorkbenchHost): Promise<void> {
  const list = await call<{ runs: { id: string }[] }>(request, host, 'listRuns', { limit: 1000 });
  for (const run of list.runs) await call(request, host, 'deleteRun', { id: run.id });
}

/** Clicks across the scatter until two points are picked (a click off every point picks nothing). */
async function pickTwoPoints(page: Page): Promise<void> {
  const box = await page.getByRole('img', { name: /^Latent space, epoch/ }).boundingBox();
  if (!box) throw new Error('the latent scatter has no box');
  const fieldA = page.getByRole('textbox', { name: 'Point A number' });
  for (let step = 0; step < 100 && (await fieldA.inputValue()) === ''; step++) {
    await page.mouse.click(box.x + box.width * (0.2 + (step % 10) * 0.06), box.y + box.height * (0.2 + Math.floor(step / 10) * 0.06));
    await page.waitForTimeout(50);
  }
}

test('the first hour: datasets, progress, config, rename, clone, explorer, search, columns', async ({ page, request, workbench }) => {
  test.setTimeout(240_000);
  await deleteAllRuns(request, workbench);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  // --- The New run form: dataset availability and the hidden sizes hint ---
  await page.goto(workbench.url);
  await page.getByRole('link', { name: 'New run' }).click();
  await page.locator('#datasetSource').selectOption('idx');
  // Each IDX dataset says whether it can be had; this host's cache is empty, so never "cached".
  await expect(page.locator('#idxName option[value="mnist"]')).toHaveText(/^mnist · (downloadable|not available)$/);
  await expect(page.getByTestId('dataset-availability')).toHaveText(/^(Downloadable|Not available): /);
  await expect(page.locator('#hidden')).toHaveValue('400');
  await expect(page.locator('#hidden-hint')).toHaveText('Encoder: input → 400 → z (20); the decoder mirrors it');
  await page.screenshot({ path: `${SHOTS}/new-run-datasets.png`, fullPage: true });
  await page.locator('#datasetSource').selectOption('embedded-mnist');

  // --- A small 2-D run: progress from the start, never past the total ---
  const config = {
    data: { dataset: { source: 'embedded-mnist' } },
    model: { latentDim: 2 },
    optim: { epochs: 2, batchSize: 128 },
    eval: { iwaePoints: 100, latentPoints: 400 },
    reportEverySteps: 10,
  };
  const run = await call<{ id: string }>(request, workbench, 'createRun', { name: 'first-hour', config });
  await page.goto(`${workbench.url}#/run/${run.id}`);
  const progress = page.getByTestId('progress-text');
  await expect(progress).toContainText(/step [\d,]+ of [\d,]+/, { timeout: 60_000 });
  const seen: string[] = [];
  for (let i = 0; i < 20 && !(await page.getByTestId('run-status').textContent())?.includes('completed'); i++) {
    seen.push((await progress.textContent()) ?? '');
    await page.waitForTimeout(250);
  }
  for (const text of seen) {
    const match = /step ([\d,]+) of ([\d,]+)/.exec(text);
    if (match) expect(Number(match[1]?.replaceAll(',', ''))).toBeLessThanOrEqual(Number(match[2]?.replaceAll(',', '')));
  }
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  await expect(progress).toHaveText('2 of 2 epochs done');

  // --- The config panel, rename, Clone and edit ---
  await page.getByRole('link', { name: 'Config' }).click();
  const panel = page.getByTestId('config-panel');
  await expect(panel.getByRole('row', { name: 'latentDim 2' })).toBeVisible();
  await expect(panel.getByRole('row', { name: 'reportEverySteps 10' })).toBeVisible();
  await page.getByRole('button', { name: 'Rename run' }).click();
  await page.getByRole('textbox', { name: 'Run name' }).fill('first-hour renamed');
  await page.getByRole('textbox', { name: 'Run name' }).press('Enter');
  await expect(page.getByTestId('run-name')).toHaveText('first-hour renamed');
  await page.screenshot({ path: `${SHOTS}/run-config.png`, fullPage: true });
  await panel.getByTestId('clone-run').click();
  await expect(page).toHaveURL(new RegExp(`#/new\\?from=${run.id}$`));
  await expect(page.getByRole('heading', { name: 'Configuration from “first-hour renamed”' })).toBeVisible();
  await expect(page.locator('#latentDim')).toHaveValue('2');
  await expect(page.locator('#epochs')).toHaveValue('2');
  await expect(page.getByRole('textbox', { name: 'Run name' })).toHaveValue('first-hour renamed (copy)');
  await expect(page.getByTestId('config-validity')).toHaveText('Config is valid');
  await page.screenshot({ path: `${SHOTS}/new-run-clone.png`, fullPage: true });

  // --- The latent explorer ---
  await page.goto(`${workbench.url}#/run/${run.id}/latent`);
  await expect(page.getByTestId('projection-note')).toContainText('μ plotted directly');
  const snapshot = await call<{ latent: { mu: number[] } }>(request, workbench, 'getSnapshot', { runId: run.id });
  // Each dimension's slider reaches every μ the data has on that axis (and at least ±3).
  for (const dimension of [0, 1]) {
    const values = snapshot.latent.mu.filter((_, index) => index % 2 === dimension);
    const slider = page.getByRole('slider', { name: `Latent dimension z${dimension}` });
    await expect(slider).toBeVisible();
    expect(Number(await slider.getAttribute('max'))).toBeGreaterThanOrEqual(Math.max(3, ...values));
    expect(Number(await slider.getAttribute('min'))).toBeLessThanOrEqual(Math.min(-3, ...values));
  }
  // Two clicks in the plot pick a pair, and the Pick a pair fields say which.
  await pickTwoPoints(page);
  const a = await page.getByRole('textbox', { name: 'Point A number' }).inputValue();
  const b = await page.getByRole('textbox', { name: 'Point B number' }).inputValue();
  expect(a).toMatch(/^\d+$/);
  expect(b).toMatch(/^\d+$/);
  expect(a).not.toBe(b);
  await expect(page.getByRole('heading', { name: new RegExp(`^Interpolation: A: point ${a}\\b.* → B: point ${b}\\b`) })).toBeVisible();
  await expect(page.getByTestId('interpolation-strip')).toHaveAttribute('data-shown', 'path spherical');
  const strip = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save interpolation strip as PNG' }).click();
  const stripFile = await strip;
  expect(stripFile.suggestedFilename()).toMatch(/^first-hour-renamed_interpolation-spherical.*\.png$/);
  expect(readFileSync(await stripFile.path()).subarray(1, 4).toString()).toBe('PNG');
  await page.screenshot({ path: `${SHOTS}/latent-explorer-pair.png`, fullPage: true });

  // --- Runs: search by config, a selection that survives filters, configurable columns ---
  await call(request, workbench, 'createRun', { name: 'wide-latent', config: { ...config, model: { latentDim: 32 } }, start: false });
  await page.getByRole('link', { name: 'Runs' }).first().click();
  const rows = page.getByTestId('runs-table').locator('tbody tr');
  const search = page.getByRole('searchbox', { name: 'Search runs' });
  await search.fill('latentDim=32');
  await expect.poll(() => rows.locator('td.name').allTextContents()).toEqual(['wide-latent']);
  await search.fill('');
  await page.getByRole('checkbox', { name: 'Select first-hour renamed for Compare' }).check();
  await page.getByRole('checkbox', { name: 'Select wide-latent for Compare' }).check();
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('queued');
  await expect.poll(() => rows.locator('td.name').allTextContents()).toEqual(['wide-latent']);
  await expect(page.getByTestId('selected-out-of-view')).toContainText('first-hour renamed');
  await expect(page.getByRole('button', { name: 'Compare (2)' })).toBeEnabled();
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('Add a config field').selectOption('optim.lr');
  await page.getByRole('button', { name: 'Add' }).first().click();
  await page.getByLabel('Add a final metric').selectOption({ label: 'Best ELBO' });
  await page.getByRole('button', { name: 'Add' }).nth(1).click();
  await page.getByRole('checkbox', { name: 'Tags' }).uncheck();
  await expect(page.getByRole('columnheader', { name: 'optim.lr' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Best ELBO' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Tags' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'wide-latent' }).locator('td[data-column="config:optim.lr"]')).toHaveText('0.001');
  await page.screenshot({ path: `${SHOTS}/runs-columns.png`, fullPage: true });
  await page.getByRole('button', { name: 'Compare (2)' }).click();
  await expect(page.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible();

  expect(consoleErrors).toEqual([]);
});
