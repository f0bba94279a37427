/**
 * The researcher's workflow against the real headless host, on the embedded MNIST digits: start a
 * 2-D run from the form, watch it train, pause and resume, explore its latent space, start a
 * collapse demo, compare the two, export figures and data. Screenshots of every view, light and dark.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './workbench-host';

const SHOTS = 'test-results/screenshots';

/**
 * Light from the page under test; dark from a second page that loads the same route in a dark
 * context (a fresh load, so the dark shot shows what a dark-mode user opening that view sees).
 */
async function shoot(page: Page, dark: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await dark.goto(page.url());
  await expect(dark.locator('[aria-busy="true"]')).toHaveCount(0);
  // Charts draw in the animation frames after their data arrives.
  await dark.waitForTimeout(1000);
  await dark.screenshot({ path: `${SHOTS}/${name}-dark.png`, fullPage: true });
}

/** A cheap fingerprint of what a canvas holds, to tell whether a decoded image changed. */
async function canvasPixels(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((element) => {
    const node = element as HTMLCanvasElement;
    const context = node.getContext('2d');
    if (!context || node.width === 0) return [];
    return Array.from(context.getImageData(0, 0, node.width, node.height).data.filter((_, index) => index % 4 === 0));
  });
}

async function startFromForm(page: Page, options: { preset: string; name: string; epochs: string }): Promise<string> {
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${options.preset} `) }).check();
  // The presets name MNIST from IDX files; the form keeps the embedded digits, which need no download.
  await expect(page.locator('#datasetSource')).toHaveValue('embedded-mnist');
  await page.locator('#epochs').fill(options.epochs);
  await page.getByText('Evaluation and reporting').click();
  await page.locator('#reportEverySteps').fill('10');
  await page.getByRole('textbox', { name: 'Run name' }).fill(options.name);
  await expect(page.getByTestId('config-validity')).toHaveText('Config is valid');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page).toHaveURL(/#\/run\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('run-name')).toHaveText(options.name);
  return new URL(page.url()).hash.replace('#/run/', '');
}

test('train, watch, pause, explore, compare and export', async ({ page, browser, workbench }) => {
  test.setTimeout(300_000);
  const darkContext = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const dark = await darkContext.newPage();
  const consoleErrors: string[] = [];
  for (const watched of [page, dark]) {
    watched.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    watched.on('pageerror', (error) => consoleErrors.push(error.message));
  }
  await page.goto(workbench.url);
  await dark.goto(workbench.url);
  await expect(page.getByTestId('host-badge')).toHaveAttribute('data-state', 'open');

  // The form checks each field with the host as it is typed and says why a value is wrong.
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByRole('radio', { name: /^mnist-2d / }).check();
  await page.locator('#lr').fill('fast');
  await expect(page.locator('[data-field="lr"] [data-testid="field-error"]')).toHaveText('lr must be a number');
  await expect(page.locator('#lr')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Start training' })).toBeDisabled();
  await page.locator('#lr').fill('0.001');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await shoot(page, dark, 'new-run');

  // --- A 2-D run from the form, watched live ---
  const firstName = 'mnist-2d-e2e';
  const firstId = await startFromForm(page, { preset: 'mnist-2d', name: firstName, epochs: '3' });
  await expect(page.getByTestId('progress-text')).toContainText('samples/s', { timeout: 60_000 });
  const lossChart = page.getByRole('img', { name: 'Training loss (nats per example)' });
  const curvesBefore = await lossChart.screenshot();
  await expect.poll(async () => Buffer.compare(await lossChart.screenshot(), curvesBefore), { timeout: 20_000 }).not.toBe(0);

  // The heatmap fills in after the first epoch's evaluation, while the run goes on training.
  await expect(page.getByTestId('kl-summary')).toContainText('of 2 unused', { timeout: 60_000 });
  const heatmap = page.getByRole('img', { name: 'KL per latent dimension by epoch' });
  const heatmapAfterFirstEpoch = await heatmap.screenshot();

  // Pause and resume: the progress holds still while paused.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('paused', { timeout: 20_000 });
  await expect(page.getByTestId('progress-text')).toContainText('paused');
  const heldAt = await page.getByTestId('progress-text').textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('progress-text')).toHaveText(heldAt ?? '');
  await shoot(page, dark, 'run-paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-status')).toHaveText(/running|completed/, { timeout: 20_000 });

  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  await expect(page.getByTestId('collapse-panel')).toBeVisible();
  await expect.poll(async () => Buffer.compare(await heatmap.screenshot(), heatmapAfterFirstEpoch), { timeout: 10_000 }).not.toBe(0);
  await expect(page.getByTestId('collapse-warning')).toHaveCount(0);
  await shoot(page, dark, 'run-dashboard');

  // --- Exports: an SVG figure and the run's metrics as CSV ---
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save training curves as SVG' }).click();
  const svgFile = await svgDownload;
  expect(svgFile.suggestedFilename()).toBe(`${firstName}_loss.svg`);
  const svg = readFileSync(await svgFile.path(), 'utf8');
  expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
  expect(svg).toContain('>Loss</text>');
  expect(svg).toContain('>Step</text>');

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: `Export ${firstName} as CSV` }).click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8');
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toMatch(/step/);
  expect(rows.some((row) => row.includes('train/loss'))).toBe(true);
  expect(rows.some((row) => row.includes('eval/elbo'))).toBe(true);

  // --- The latent explorer ---
  await page.getByRole('link', { name: 'Latent explorer' }).click();
  await expect(page).toHaveURL(new RegExp(`#/run/${firstId}/latent$`));
  await expect(page.getByTestId('projection-note')).toContainText('μ plotted directly: the latent space is 2-D.');
  await expect(page.getByTestId('explorer-epoch')).toHaveText('3');
  const scatter = page.getByRole('img', { name: /^Latent space, epoch 3/ });
  const box = await scatter.boundingBox();
  if (!box) throw new Error('the latent scatter has no box');
  // Sweep the pointer over the plot until it rests on a point and its decoded image appears.
  for (let step = 0; step < 40; step++) {
    const shown = await page.getByTestId('hover-image').getAttribute('data-shown');
    if (shown) break;
    await page.mouse.move(box.x + box.width * (0.3 + (step % 8) * 0.05), box.y + box.height * (0.35 + Math.floor(step / 8) * 0.07));
    await page.waitForTimeout(150);
  }
  await expect(page.getByTestId('hover-image')).toHaveAttribute('data-shown', /^#\d+$/);
  await expect(page.getByTestId('hover-image').locator('canvas')).toBeVisible();

  // Pick a pair by number (the keyboard path) and move the interpolation slider.
  await page.getByRole('textbox', { name: 'Point A number' }).fill('3');
  await page.getByRole('textbox', { name: 'Point B number' }).fill('17');
  await page.getByRole('button', { name: 'Interpolate' }).click();
  const decoded = page.getByTestId('interpolation-image');
  await expect(decoded).toHaveAttribute('data-shown', 't=0.50 spherical');
  const middle = await canvasPixels(decoded.locator('canvas'));
  await page.getByTestId('interpolation-slider').fill('0');
  await expect(decoded).toHaveAttribute('data-shown', 't=0.00 spherical');
  const start = await canvasPixels(decoded.locator('canvas'));
  expect(start).toHaveLength(28 * 28);
  expect(start).not.toEqual(middle);
  await page.getByTestId('interpolation-slider').fill('1');
  await expect(decoded).toHaveAttribute('data-shown', 't=1.00 spherical');
  expect(await canvasPixels(decoded.locator('canvas'))).not.toEqual(start);
  await expect(page.getByTestId('grid-reconstructions')).toBeVisible();
  await shoot(page, dark, 'latent-explorer');

  // Scrub back to the first epoch: the grids follow.
  await page.getByTestId('epoch-scrubber').fill('0');
  await expect(page.getByTestId('explorer-epoch')).toHaveText('1');
  await expect(page.getByTestId('grid-reconstructions')).toContainText('epoch 1');

  await page.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByTestId('run-logs')).toBeVisible();
  await shoot(page, dark, 'run-log');

  // --- A collapse demo, then the two side by side ---
  const secondName = 'collapse-demo-e2e';
  await startFromForm(page, { preset: 'collapse-demo', name: secondName, epochs: '2' });
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 180_000 });
  await expect(page.getByTestId('collapse-warning')).toBeVisible();
  await expect(page.getByTestId('collapse-warning')).toContainText(/Posterior collapse: the code carries almost no information|Weak code: I\(x; z\)/);
  await expect(page.getByTestId('collapse-fixes')).toContainText(/This run uses β = \d+ from the first step with no warm-up/);
  await shoot(page, dark, 'collapse-dashboard');

  await page.getByRole('link', { name: 'Runs' }).first().click();
  const table = page.getByTestId('runs-table');
  await expect(table.getByRole('link', { name: firstName, exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: secondName, exact: true })).toBeVisible();
  await shoot(page, dark, 'runs');
  await page.getByRole('checkbox', { name: `Select ${firstName} for Compare` }).check();
  await page.getByRole('checkbox', { name: `Select ${secondName} for Compare` }).check();
  await page.getByRole('button', { name: 'Compare (2)' }).click();
  await expect(page).toHaveURL(/#\/compare\?ids=[0-9a-f-]{36},[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible();
  await expect(page.getByTestId('config-diff')).toContainText('model.latentDim');
  await expect(page.getByTestId('config-diff')).toContainText('objective.beta');
  await expect(page.getByTestId('compare-metrics')).toContainText('eval/elbo');
  await expect(page.getByRole('img', { name: `KL per dimension, ${secondName}` })).toBeVisible();
  await shoot(page, dark, 'compare');

  expect(consoleErrors).toEqual([]);
  await darkContext.close();
});
