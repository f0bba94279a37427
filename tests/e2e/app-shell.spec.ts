import { expect, test } from './workbench-host';

test('the app shell loads, reaches the host through the API and navigates', async ({ page, workbench }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(workbench.url);
  await expect(page.getByRole('heading', { name: 'VAE Workbench' })).toBeVisible();

  // An API round trip: the badge shows the host's health answer (version from package.json).
  await expect(page.getByTestId('host-label')).toHaveText(/^Headless · v\d+\.\d+\.\d+$/);
  await expect(page.getByTestId('host-badge')).toHaveAttribute('data-state', 'open');

  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/runs-empty.png', fullPage: true });

  await page.getByRole('link', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing to compare' })).toBeVisible();
  await expect(page).toHaveURL(/#\/compare$/);
  await page.getByRole('link', { name: 'New run' }).click();
  await expect(page.getByRole('link', { name: 'New run' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'test-results/screenshots/new-run.png', fullPage: true });

  expect(consoleErrors).toEqual([]);
});

test('a request without the token is refused', async ({ browser, workbench }) => {
  // A fresh context has no cookie from an earlier visit.
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(workbench.origin);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('needs its access token');
  const api = await context.request.post(`${workbench.origin}/api/call/health`);
  expect(api.status()).toBe(401);
  await context.close();
});

test('the page keeps its host connection through a reload', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await expect(page.getByTestId('host-badge')).toHaveAttribute('data-state', 'open');
  // After the first visit the cookie authenticates; the bare origin now works in this context.
  await page.goto(`${workbench.origin}/#/compare`);
  await expect(page.getByRole('heading', { name: 'Nothing to compare' })).toBeVisible();
  await expect(page.getByTestId('host-label')).toHaveText(/^Headless/);
});
