/**
 * A lost WebSocket connection: changes made while it was down (a new run, tags, a whole training
 * with its status and log) show after it comes back, without reloading the page. The page's
 * WebSocket is routed through Playwright, which can drop it and refuse new ones for a while.
 */
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from './workbench-host';
import { call } from './api-call';

/** Routes the page's WebSockets to the host; `drop()` closes them and refuses new ones until `restore()`. */
async function cuttableWebSocket(page: Page) {
  let down = false;
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/api\/ws$/, (ws) => {
    if (down) {
      void ws.close();
      return;
    }
    ws.connectToServer();
    open.add(ws);
  });
  return {
    async drop(): Promise<void> {
      down = true;
      for (const ws of open) await ws.close();
      open.clear();
    },
    restore(): void {
      down = false;
    },
  };
}

test('the runs table and a run dashboard catch up after the connection comes back', async ({ page, request, workbench }) => {
  const config = { model: { hidden: [32], latentDim: 2 }, optim: { epochs: 1, batchSize: 256 }, eval: { iwaePoints: 0, latentPoints: 200, maxHeldOut: 300 } };
  const waiting = await call<{ id: string }>(request, workbench, 'createRun', { name: 'offline-waiting', config, start: false });
  const connection = await cuttableWebSocket(page);
  await page.goto(workbench.url);
  const rows = page.getByTestId('runs-table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'offline-waiting' })).toBeVisible();

  // Runs table: a run created and another tagged while the page could not hear about it.
  await connection.drop();
  await call(request, workbench, 'createRun', { name: 'offline-created', config, start: false });
  await call(request, workbench, 'setTags', { id: waiting.id, tags: ['missed'] });
  connection.restore();
  await expect(rows.filter({ hasText: 'offline-created' })).toBeVisible({ timeout: 15_000 });
  await expect(rows.filter({ hasText: 'offline-waiting' }).locator('.tag')).toHaveText(['missed']);

  // Dashboard: the whole training happens while the connection is down.
  await page.getByRole('link', { name: 'offline-waiting' }).click();
  await expect(page.getByTestId('progress-text')).toHaveText('Queued: waiting to start');
  await connection.drop();
  await call(request, workbench, 'startRun', { id: waiting.id });
  await expect
    .poll(async () => (await call<{ run: { status: string } }>(request, workbench, 'getRun', { id: waiting.id })).run.status, { timeout: 90_000 })
    .toBe('completed');
  connection.restore();
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 15_000 });
  await page.getByRole('link', { name: 'Log', exact: true }).click();
  await expect(page.getByTestId('run-logs').locator('.line').first()).toBeVisible();
});
