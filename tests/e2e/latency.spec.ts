/**
 * Slider to decoded image, measured against the real headless host with a trained run: a tiny 2-D
 * MNIST VAE trained for one epoch on the embedded digits, then the latent explorer.
 *
 * Four numbers, each as p50/p95 over many moves:
 *  - cached: the interpolation slider once its strip of 101 positions is prefetched. Input event →
 *    image drawn on the canvas, with no round trip. The target (≤ 16 ms) is about this path.
 *  - worker: a slider whose every position goes to the host (the traversal slider: the same
 *    DecodedImage → decode → ImageGrid path the interpolation slider takes before its strip arrives).
 *  - round trip: one `decode` call over a WebSocket of the page's own, nothing drawn; beside it a
 *    `health` call, the same transport with no work: the part of a decode that is the transport.
 *  - strip: the one call that fetches the 101 positions.
 *
 * Measurement only: `LATENCY_BENCH=1 npx playwright test tests/e2e/latency.spec.ts`. `npm run bench`
 * (BENCH_ONLY=latency) runs it and collects LATENCY_BENCH_OUT.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { EpochSnapshotPayload, ImageGridPayload } from '../../src/shared/api';
import { interpolate, latentRow } from '../../src/renderer/src/lib/latent-math';
import { ensureBuild } from '../../scripts/lib/ensure-build.js';
import { repoRoot } from '../helpers/built-app';
import { spread, type Spread } from './fixtures/charts-harness/page-timing';
import { expect, test } from './workbench-host';

const SHOTS = 'test-results/screenshots';
const MOVES = 40;

interface LatencySample {
  /** Input event → the flush that drew the canvas (observed right after it). */
  drawnMs: number;
  /** Input event → the next animation frame, which puts the drawn canvas on screen. */
  frameMs: number;
}

interface Recorder {
  samples: LatencySample[];
  missed: number;
}

/**
 * Watches one slider and one decoded view: on each input event it notes the event's time and the
 * data-shown key the view will carry once the image for that value is drawn (DecodedView sets the
 * attribute in the same Svelte flush in which ImageGrid paints its canvas, and a MutationObserver
 * runs right after that flush).
 */
async function installRecorder(page: Page, slider: string, view: string, keyPattern: string): Promise<void> {
  await page.evaluate(
    ({ slider, view, keyPattern }) => {
      const input = document.querySelector<HTMLInputElement>(slider);
      const shown = document.querySelector<HTMLElement>(view);
      if (!input || !shown) throw new Error(`latency recorder: no ${input ? view : slider}`);
      const recorder = { samples: [] as { drawnMs: number; frameMs: number }[], missed: 0 };
      let waiting: { key: string; at: number } | null = null;
      // Capture on the window runs before the slider's own listener: a trusted event runs microtasks
      // between listeners, so Svelte may draw a cached image before a later listener even hears of it.
      window.addEventListener(
        'input',
        (event) => {
          if (event.target !== input) return;
          if (waiting) recorder.missed++;
          waiting = { key: keyPattern.replace('{}', Number(input.value).toFixed(2)), at: event.timeStamp };
        },
        { capture: true },
      );
      new MutationObserver(() => {
        if (!waiting || shown.dataset['shown'] !== waiting.key) return;
        const { at } = waiting;
        waiting = null;
        const drawnMs = performance.now() - at;
        requestAnimationFrame(() => recorder.samples.push({ drawnMs, frameMs: performance.now() - at }));
      }).observe(shown, { attributes: true, attributeFilter: ['data-shown'] });
      (globalThis as unknown as { latencyRecorder: typeof recorder }).latencyRecorder = recorder;
    },
    { slider, view, keyPattern },
  );
}

/** Presses `key` on the focused slider `count` times, one move at a time, and returns the samples. */
async function moveAndMeasure(page: Page, key: string, count: number): Promise<LatencySample[]> {
  const recorded = (): Promise<Recorder> => page.evaluate(() => (globalThis as unknown as { latencyRecorder: Recorder }).latencyRecorder);
  const before = (await recorded()).samples.length;
  for (let move = 1; move <= count; move++) {
    await page.keyboard.press(key);
    await page.waitForFunction((n) => (globalThis as unknown as { latencyRecorder: Recorder }).latencyRecorder.samples.length >= n, before + move, { timeout: 20_000 });
    // A pause like a hand's between key repeats; it also lets the host go idle between decodes.
    await page.waitForTimeout(120);
  }
  const recorder = await recorded();
  // Every move was drawn before the next one: no sample stands for two inputs.
  expect(recorder.missed).toBe(0);
  return recorder.samples.slice(before);
}

interface RoundTrips {
  health: Spread;
  decodeOne: Spread;
  decodeStrip: Spread;
}

/** WebSocket round trips of the page's own, the way ws-transport.ts talks: no rendering at all. */
async function measureRoundTrips(page: Page, runId: string, epoch: number, latentDim: number): Promise<Record<keyof RoundTrips, number[]>> {
  return page.evaluate(
    async ({ runId, epoch, latentDim, moves }) => {
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
      await new Promise((resolve, reject) => {
        socket.addEventListener('open', resolve, { once: true });
        socket.addEventListener('error', reject, { once: true });
      });
      let id = 0;
      const call = (method: string, params?: unknown): Promise<number> =>
        new Promise((resolve, reject) => {
          const callId = ++id;
          const started = performance.now();
          const onMessage = (event: MessageEvent): void => {
            const message = JSON.parse(String(event.data)) as { type: string; id?: number; response?: { ok: boolean; error?: { message: string } } };
            if (message.type !== 'result' || message.id !== callId) return;
            socket.removeEventListener('message', onMessage);
            if (message.response?.ok) resolve(performance.now() - started);
            else reject(new Error(`${method} failed: ${message.response?.error?.message}`));
          };
          socket.addEventListener('message', onMessage);
          socket.send(JSON.stringify({ type: 'invoke', id: callId, method, params }));
        });
      // A fresh vector every call, as a slider makes: nothing on the way can have cached it.
      const vector = (k: number): number[] => Array.from({ length: latentDim }, (_, d) => Math.sin(k * 1.7 + d) * 1.5);
      const result = { health: [] as number[], decodeOne: [] as number[], decodeStrip: [] as number[] };
      for (let k = 0; k < moves; k++) {
        result.health.push(await call('health'));
        result.decodeOne.push(await call('decode', { runId, epoch, zs: [vector(k)] }));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (let k = 0; k < 8; k++) {
        result.decodeStrip.push(await call('decode', { runId, epoch, zs: Array.from({ length: 101 }, (_, j) => vector(1000 + k * 101 + j)) }));
      }
      socket.close();
      return result;
    },
    { runId, epoch, latentDim, moves: MOVES },
  );
}

/** The red channel of the decoded view's canvas (the images are grey), row by row. */
async function canvasGray(view: Locator): Promise<number[]> {
  return view.locator('canvas').evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('the decoded view has no 2D context');
    return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data.filter((_, index) => index % 4 === 0));
  });
}

/** One API call over a WebSocket of the page's own. */
async function invoke<T>(page: Page, method: string, params: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, params }) => {
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
      const reply = await new Promise<{ response: { ok: boolean; value?: unknown; error?: { message: string } } }>((resolve) => {
        socket.addEventListener('message', (event) => resolve(JSON.parse(String(event.data))), { once: true });
        socket.send(JSON.stringify({ type: 'invoke', id: 1, method, params }));
      });
      socket.close();
      if (!reply.response.ok) throw new Error(`${method}: ${reply.response.error?.message}`);
      return reply.response.value;
    },
    { method, params },
  ) as Promise<T>;
}

async function latentMeans(page: Page, runId: string, epoch: number, points: number[]): Promise<number[][]> {
  const snapshot = await invoke<EpochSnapshotPayload>(page, 'getSnapshot', { runId, epoch });
  if (!snapshot.latent) throw new Error(`epoch ${epoch} has no latent snapshot`);
  const { mu, dim } = snapshot.latent;
  return points.map((index) => latentRow(mu, dim, index));
}

/** The host's decode of one vector, as grey values of its single tile, row by row. */
async function decodeOne(page: Page, runId: string, epoch: number, z: number[]): Promise<number[]> {
  const grid = await invoke<ImageGridPayload>(page, 'decode', { runId, epoch, zs: [z] });
  const bytes = Buffer.from(grid.pixelsBase64, 'base64');
  const gray: number[] = [];
  for (let y = 0; y < grid.tileHeight; y++) for (let x = 0; x < grid.tileWidth; x++) gray.push(bytes[(y * grid.width + x) * grid.channels] ?? -1);
  return gray;
}

// At file level, so that a normal test run does not even start the host for it.
test.skip(!process.env['LATENCY_BENCH'], 'measurement only, not a check: run with LATENCY_BENCH=1');

test.beforeAll(() => {
  // The host serves the built renderer: measure what the sources say now.
  if (!ensureBuild(repoRoot, () => {})) throw new Error('electron-vite build failed; run `npm run build` to see why');
});

test('latency: interpolation slider to decoded image, against the real host', async ({ page, workbench }) => {
  test.setTimeout(420_000);
  mkdirSync(SHOTS, { recursive: true });
  await page.goto(workbench.url);
  await expect(page.getByTestId('host-badge')).toHaveAttribute('data-state', 'open');

  // --- One epoch of a 2-D VAE on the embedded digits (the workflow spec's form path) ---
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByRole('radio', { name: /^mnist-2d / }).check();
  await expect(page.locator('#datasetSource')).toHaveValue('embedded-mnist');
  await page.locator('#epochs').fill('1');
  await page.getByRole('textbox', { name: 'Run name' }).fill('latency-e2e');
  await expect(page.getByTestId('config-validity')).toHaveText('Config is valid');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page).toHaveURL(/#\/run\/[0-9a-f-]{36}$/);
  const runId = new URL(page.url()).hash.replace('#/run/', '');
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 300_000 });

  // --- The explorer, a pair, and its prefetched strip ---
  await page.getByRole('link', { name: 'Latent explorer' }).click();
  await expect(page.getByTestId('explorer-epoch')).toHaveText('1');
  await page.getByRole('textbox', { name: 'Point A number' }).fill('3');
  await page.getByRole('textbox', { name: 'Point B number' }).fill('17');
  await page.getByRole('button', { name: 'Interpolate' }).click();
  const decoded = page.getByTestId('interpolation-image');
  await expect(decoded).toHaveAttribute('data-shown', 't=0.50 spherical');
  await expect(page.getByTestId('interpolation')).toHaveAttribute('data-strip-ready', 'true', { timeout: 30_000 });

  const slider = page.getByTestId('interpolation-slider');
  await installRecorder(page, '[data-testid="interpolation-slider"]', '[data-testid="interpolation-image"]', 't={} spherical');
  await slider.focus();
  const cached = [...(await moveAndMeasure(page, 'ArrowLeft', MOVES))];
  const pixelsAtTenth = await canvasGray(decoded);
  cached.push(...(await moveAndMeasure(page, 'ArrowRight', MOVES)));
  await expect(decoded).toHaveAttribute('data-shown', 't=0.50 spherical');
  await page.getByTestId('interpolation').screenshot({ path: `${SHOTS}/latency-interpolation.png` });

  // --- A slider whose positions all go to the host: the traversal of z0 ---
  const traversal = page.getByRole('slider', { name: 'Latent dimension 0' });
  await installRecorder(page, '[aria-label="Latent dimension 0"]', '[data-testid="traversal-image"]', 'traversal z0={}');
  await traversal.focus();
  const worker = [...(await moveAndMeasure(page, 'ArrowRight', MOVES / 2))];
  worker.push(...(await moveAndMeasure(page, 'ArrowLeft', MOVES / 2)));
  await page.getByTestId('traversal').screenshot({ path: `${SHOTS}/latency-traversal.png` });

  // --- The host alone ---
  const trips = await measureRoundTrips(page, runId, 1, 2);

  // What the strip drew at t = 0.10 is exactly the host's decode of that point of the path.
  const [from, to] = await latentMeans(page, runId, 1, [3, 17]);
  const direct = await decodeOne(page, runId, 1, interpolate('spherical', from ?? [], to ?? [], 0.1));
  expect(pixelsAtTenth).toEqual(direct);
  const roundTrips: RoundTrips = { health: spread(trips.health), decodeOne: spread(trips.decodeOne), decodeStrip: spread(trips.decodeStrip) };

  const result = {
    target: { sliderToImageMs: 16 },
    cached: { drawnMs: spread(cached.map((s) => s.drawnMs)), frameMs: spread(cached.map((s) => s.frameMs)) },
    worker: { drawnMs: spread(worker.map((s) => s.drawnMs)), frameMs: spread(worker.map((s) => s.frameMs)) },
    roundTrips,
  };
  console.log(`latency ${JSON.stringify(result)}`);
  const out = process.env['LATENCY_BENCH_OUT'];
  if (out) writeFileSync(out, JSON.stringify(result));
  expect(cached).toHaveLength(2 * MOVES);
  expect(worker).toHaveLength(MOVES);
});
