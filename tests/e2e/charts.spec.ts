/**
 * The renderer's chart building blocks in a real Chromium: a harness page (tests/e2e/fixtures/
 * charts-harness) is built with Vite's JS API, served from a temporary folder and opened under the
 * app's CSP. Screenshots land in test-results/screenshots/charts-*.png.
 *
 * `CHARTS_BENCH=1 npx playwright test tests/e2e/charts.spec.ts -g benchmark` also runs the
 * first-render and live-append benchmark (CHARTS_BENCH_REPEATS times, default 2) and prints its
 * numbers: long tasks as the page saw them, and each main-thread task's wall and CPU time from a
 * Chromium trace, beside a reference task of fixed CPU cost measured on the same page.
 */
import { expect, test, type Page } from '@playwright/test';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';
import { layoutImageGrid, tileOrigin } from '../../src/renderer/src/charts/image-grid-layout';
import { decadesAboveFloor, logFloorExponent } from '../../src/renderer/src/charts/kl-bars-option';
import { COLLAPSED_COLORS, dimensionOrder } from '../../src/renderer/src/charts/kl-scale';
import { smoothTensorBoard } from '../../src/renderer/src/lib/series/smoothing';
import { BENCH_MARKS, type BenchmarkOptions, type BenchmarkResult, type ChartsHarness, type HarnessGlobal } from './fixtures/charts-harness/harness-api';
import { TASK_TRACE_CATEGORIES, taskStats, type TaskStats } from './fixtures/charts-harness/trace-tasks';
import {
  downsample,
  grayscaleImages,
  IMAGES,
  KL_SHAPE,
  klPerEpoch,
  latentPoints,
  RGB_IMAGES,
  rgbImages,
  TRAINING,
  trainingCurves,
} from './fixtures/charts-harness/synthetic-data';

const harnessRoot = resolve('tests/e2e/fixtures/charts-harness');
const screenshots = resolve('test-results/screenshots');
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

let outDir = '';
let server: Server | undefined;
let baseUrl = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  outDir = mkdtempSync(join(tmpdir(), 'charts-harness-'));
  await build({
    root: harnessRoot,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    // ECharts (modular) + Svelte is ~710 kB minified, 243 kB gzipped: expected, not a warning.
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 1024 },
  });
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  mkdirSync(screenshots, { recursive: true });
});

test.afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Opens the harness and collects every console error, page error and CSP violation. */
async function openHarness(page: Page): Promise<{ problems: () => Promise<string[]> }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(baseUrl);
  await page.waitForFunction(() => (globalThis as unknown as Partial<HarnessGlobal>).chartsHarness?.ready === true);
  await settle(page);
  return {
    problems: async () => [...consoleErrors, ...(await page.evaluate(() => (globalThis as unknown as HarnessGlobal).chartsHarness.errors))],
  };
}

/** Two animation frames: lazy setOption updates draw on the next frame. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

function harnessCall<R>(page: Page, call: (harness: ChartsHarness) => R): Promise<Awaited<R>> {
  // The callback runs in the page; it is serialised, so it may only use its argument.
  return page.evaluate(`(${call.toString()})(globalThis.chartsHarness)`) as Promise<Awaited<R>>;
}

function pngSize(dataUrl: string): { width: number; height: number } {
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  // IHDR follows the 8-byte signature and its 8-byte chunk header: width, height as big-endian u32.
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const lossLastValues = downsample(trainingCurves().loss, TRAINING.buckets).map((bucket) => bucket.last);

test('LossChart renders, smoothing changes the smoothed line and the spike survives in the envelope', async ({ page }) => {
  const { problems } = await openHarness(page);
  const section = page.getByTestId('loss-section');
  await expect(section.locator('canvas').first()).toBeVisible();

  const before = await harnessCall(page, (harness) => harness.lossChartState());
  expect(before.smoothingInputValue).toBe('0.6');
  expect(before.yAxisType).toBe('value');
  expect(before.smoothedLoss).toHaveLength(lossLastValues.length);
  const expected06 = smoothTensorBoard(lossLastValues, 0.6);
  before.smoothedLoss.forEach((value, index) => expect(value).toBeCloseTo(expected06[index] as number, 9));

  const slider = section.getByLabel('Smoothing');
  await slider.fill('0.95');
  await settle(page);
  const smoothed = await harnessCall(page, (harness) => harness.lossChartState());
  const expected095 = smoothTensorBoard(lossLastValues, 0.95);
  smoothed.smoothedLoss.forEach((value, index) => expect(value).toBeCloseTo(expected095[index] as number, 9));
  expect(smoothed.smoothedLoss).not.toEqual(before.smoothedLoss);

  // Keyboard reachable: focus the slider and step it down by one notch.
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await settle(page);
  expect((await harnessCall(page, (harness) => harness.lossChartState())).smoothingInputValue).toBe('0.94');

  // The one-step spike (900 nats) is in no bucket's last value and flattened by smoothing, but the envelope keeps it.
  expect(smoothed.rawLoss).not.toContain(TRAINING.spikeLoss);
  expect(Math.max(...smoothed.smoothedLoss)).toBeLessThan(600);
  expect(smoothed.envelopeMaxLoss).toBe(TRAINING.spikeLoss);

  // The axis tooltip shows, per metric, the smoothed value with the raw value and the bucket's range.
  const plot = section.locator('.echart');
  const box = await plot.boundingBox();
  await page.mouse.move((box?.x ?? 0) + (box?.width ?? 0) * 0.5, (box?.y ?? 0) + (box?.height ?? 0) * 0.5);
  const tooltip = section.getByText(/^loss: .*raw .*range /);
  await expect(tooltip).toBeVisible();
  await expect(section.getByText(/^Step \d+/)).toBeVisible();
  await section.screenshot({ path: join(screenshots, 'charts-loss-tooltip.png') });
  await page.mouse.move(0, 0);

  await section.screenshot({ path: join(screenshots, 'charts-loss.png') });
  await page.getByTestId('compare-section').screenshot({ path: join(screenshots, 'charts-compare.png') });
  expect(await problems()).toEqual([]);
});

test('LossChart switches the y axis to log and back', async ({ page }) => {
  const { problems } = await openHarness(page);
  const section = page.getByTestId('loss-section');
  const logToggle = section.getByLabel('Log scale');
  await logToggle.check();
  await settle(page);
  expect((await harnessCall(page, (harness) => harness.lossChartState())).yAxisType).toBe('log');
  await section.screenshot({ path: join(screenshots, 'charts-loss-log.png') });
  await section.getByLabel('X axis').selectOption('wallTime');
  await settle(page);
  await section.screenshot({ path: join(screenshots, 'charts-loss-log-walltime.png') });
  await logToggle.uncheck();
  await settle(page);
  expect((await harnessCall(page, (harness) => harness.lossChartState())).yAxisType).toBe('value');
  expect(await problems()).toEqual([]);
});

test('the SVG export keeps axes and legend as <text> in generic fonts, with no raster image', async ({ page }) => {
  const { problems } = await openHarness(page);
  const svg = await harnessCall(page, (harness) => harness.exportLossSvg());
  writeFileSync(join(screenshots, 'charts-loss-export.svg'), svg);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toContain('<image');
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
  for (const label of ['loss', 'recon', 'KL', 'β', 'Step', 'nats']) expect(texts).toContain(label);
  expect(texts.length).toBeGreaterThan(15);
  const fonts = new Set([...svg.matchAll(/font-family:([^;"]+)/g)].map((match) => match[1]?.trim()));
  expect([...fonts]).toEqual(['sans-serif']);

  // Look at it as a browser renders the file.
  const viewer = await page.context().newPage();
  await viewer.setContent(`<body style="margin:0;background:#fff">${svg}</body>`);
  await viewer.locator('svg').first().screenshot({ path: join(screenshots, 'charts-loss-export-svg.png') });
  await viewer.close();
  expect(await problems()).toEqual([]);
});

test('the PNG export is a PNG at twice the chart’s CSS size', async ({ page }) => {
  const { problems } = await openHarness(page);
  const { dataUrl, cssWidth, cssHeight } = await harnessCall(page, (harness) => harness.exportLossPng());
  expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
  expect(pngSize(dataUrl)).toEqual({ width: 2 * cssWidth, height: 2 * cssHeight });
  writeFileSync(join(screenshots, 'charts-loss-export-2x.png'), Buffer.from(dataUrl.split(',')[1] ?? '', 'base64'));
  expect(await problems()).toEqual([]);
});

test('KlHeatmap and KlBars mark the threshold and colour collapsed dimensions', async ({ page }) => {
  const { problems } = await openHarness(page);
  const state = await harnessCall(page, (harness) => harness.klState());
  const { kl } = klPerEpoch();
  const final = kl[kl.length - 1] ?? [];
  const order = dimensionOrder(kl, true);
  const rows = order.map((dimension) => `z${dimension}`);
  expect(state.heatmapRows).toEqual(rows);
  expect(state.barDimensions).toEqual(rows);
  // The bars' axis counts decades above its floor; the dashed line sits at the threshold's decade.
  expect(state.markLineValue).toBeCloseTo(decadesAboveFloor(KL_SHAPE.threshold, logFloorExponent(final, KL_SHAPE.threshold)), 12);
  const collapsedRows = order.map((dimension) => (final[dimension] as number) < KL_SHAPE.threshold);
  expect(collapsedRows.filter(Boolean).length).toBeGreaterThan(3);
  expect(state.barColors.map((color) => color === COLLAPSED_COLORS.near)).toEqual(collapsedRows);
  expect(state.pieceColors).toEqual(expect.arrayContaining([COLLAPSED_COLORS.deep, COLLAPSED_COLORS.near]));
  await expect(page.getByTestId('kl-summary')).toHaveText(`${collapsedRows.filter(Boolean).length} of ${KL_SHAPE.dims} unused`);
  await page.getByTestId('kl-section').screenshot({ path: join(screenshots, 'charts-kl.png') });
  expect(await problems()).toEqual([]);
});

/** The point farthest from any other: hovering its exact pixel can only mean that point. */
function loneliestPoint(points: Float32Array): number {
  let best = 0;
  let bestDistance = -1;
  const count = points.length / 2;
  for (let i = 0; i < count; i++) {
    let nearest = Infinity;
    for (let j = 0; j < count; j++) {
      if (i === j) continue;
      nearest = Math.min(nearest, Math.hypot((points[2 * i] as number) - (points[2 * j] as number), (points[2 * i + 1] as number) - (points[2 * j + 1] as number)));
    }
    if (nearest > bestDistance) {
      bestDistance = nearest;
      best = i;
    }
  }
  return best;
}

test('LatentScatter reports the hovered point and picked pairs', async ({ page }) => {
  const { problems } = await openHarness(page);
  const { points } = latentPoints();
  const target = loneliestPoint(points);
  const section = page.getByTestId('scatter-section');
  await section.scrollIntoViewIfNeeded();
  const [x, y] = await page.evaluate((index) => (globalThis as unknown as HarnessGlobal).chartsHarness.scatterPointClientXY(index), target);
  await page.mouse.move(x, y);
  await expect(page.getByTestId('hovered')).toHaveText(`Hovered point: ${target}`);
  expect((await harnessCall(page, (harness) => harness.hoverLog)).at(-1)).toBe(target);

  // Pick the target, then a second point: the pair is reported once, in order.
  await page.mouse.click(x, y);
  const second = (target + 500) % (points.length / 2);
  const [x2, y2] = await page.evaluate((index) => (globalThis as unknown as HarnessGlobal).chartsHarness.scatterPointClientXY(index), second);
  await page.mouse.move(x2, y2);
  await expect(page.getByTestId('hovered')).not.toHaveText(`Hovered point: ${target}`);
  const hovered = Number((await page.getByTestId('hovered').textContent())?.replace('Hovered point: ', ''));
  await page.mouse.click(x2, y2);
  await settle(page);
  expect(await harnessCall(page, (harness) => harness.pickLog)).toEqual([[target, hovered]]);
  await section.screenshot({ path: join(screenshots, 'charts-scatter.png') });

  // Away from every point the hover clears.
  const box = await section.boundingBox();
  await page.mouse.move((box?.x ?? 0) + 5, (box?.y ?? 0) + 5);
  await expect(page.getByTestId('hovered')).toHaveText('Hovered point: none');
  expect(await problems()).toEqual([]);
});

test('ImageGrid draws the exact pixel values', async ({ page }) => {
  const { problems } = await openHarness(page);
  const gray = await harnessCall(page, (harness) => harness.imageGridPixels('gray'));
  const grayPixels = grayscaleImages();
  const grayBatch = { ...IMAGES, channels: 1 as const, pixels: grayPixels };
  const grayLayout = layoutImageGrid(grayBatch, 6, 1);
  expect([gray.width, gray.height]).toEqual([grayLayout.canvasWidth, grayLayout.canvasHeight]);
  expect(gray.rgba).toHaveLength(gray.width * gray.height * 4);
  let mismatches = 0;
  for (let image = 0; image < IMAGES.count; image++) {
    const origin = tileOrigin(image, grayBatch, grayLayout);
    for (let y = 0; y < IMAGES.height; y++) {
      for (let x = 0; x < IMAGES.width; x++) {
        const value = grayPixels[image * IMAGES.width * IMAGES.height + y * IMAGES.width + x];
        const at = ((origin.y + y) * gray.width + origin.x + x) * 4;
        if (gray.rgba[at] !== value || gray.rgba[at + 1] !== value || gray.rgba[at + 2] !== value || gray.rgba[at + 3] !== 255) mismatches++;
      }
    }
  }
  expect(mismatches).toBe(0);

  const rgb = await harnessCall(page, (harness) => harness.imageGridPixels('rgb'));
  const rgbPixels = rgbImages();
  const rgbBatch = { ...RGB_IMAGES, channels: 3 as const, pixels: rgbPixels };
  const rgbLayout = layoutImageGrid(rgbBatch, undefined, 1);
  for (let image = 0; image < RGB_IMAGES.count; image++) {
    const origin = tileOrigin(image, rgbBatch, rgbLayout);
    for (let y = 0; y < RGB_IMAGES.height; y++) {
      for (let x = 0; x < RGB_IMAGES.width; x++) {
        const source = ((image * RGB_IMAGES.height + y) * RGB_IMAGES.width + x) * 3;
        const at = ((origin.y + y) * rgb.width + origin.x + x) * 4;
        expect([rgb.rgba[at], rgb.rgba[at + 1], rgb.rgba[at + 2], rgb.rgba[at + 3]]).toEqual([
          rgbPixels[source],
          rgbPixels[source + 1],
          rgbPixels[source + 2],
          255,
        ]);
      }
    }
  }

  const png = await harnessCall(page, (harness) => harness.imageGridPng());
  expect(pngSize(png)).toEqual({ width: 2 * grayLayout.canvasWidth, height: 2 * grayLayout.canvasHeight });
  await page.getByTestId('images-section').screenshot({ path: join(screenshots, 'charts-images.png') });
  expect(await problems()).toEqual([]);
});

test('charts follow the dark colour scheme', async ({ page }) => {
  const { problems } = await openHarness(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await settle(page);
  expect((await harnessCall(page, (harness) => harness.lossChartState())).legendTextColor).toBe('#e6e7eb');
  for (const name of ['loss', 'compare', 'kl', 'scatter', 'images']) {
    await page.getByTestId(`${name}-section`).screenshot({ path: join(screenshots, `charts-${name}-dark.png`) });
  }
  // Exports stay print-styled (dark on white) whatever the screen shows.
  const svg = await harnessCall(page, (harness) => harness.exportLossSvg());
  expect(svg).not.toContain('#e6e7eb');
  expect(await problems()).toEqual([]);
});

test('benchmark: first render and a 10 Hz live append loop', async ({ page, browser }) => {
  test.skip(!process.env['CHARTS_BENCH'], 'measurement only, not a check: run with CHARTS_BENCH=1');
  test.setTimeout(240_000);
  await openHarness(page);
  const cases: BenchmarkOptions[] = [
    // What the host really sends: ≤ 2,000 buckets per series, each summarising several steps.
    { series: 10, pointsPerSeries: 2000 * 25, pointsPerBucket: 25, appendHz: 10, durationMs: 5000 },
    // The stress case from the brief: 10 × 100k raw points, no downsampling.
    { series: 10, pointsPerSeries: 100_000, pointsPerBucket: 1, appendHz: 10, durationMs: 5000 },
  ];
  const repeats = Number(process.env['CHARTS_BENCH_REPEATS'] ?? 2);
  const runs: (BenchmarkResult & { repeat: number; caseIndex: number; tasks: { firstRender: TaskStats; appends: TaskStats } })[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [caseIndex, options] of cases.entries()) {
      // The trace gives every main-thread task's CPU time beside its wall time (see trace-tasks.ts).
      await browser.startTracing(page, { categories: TASK_TRACE_CATEGORIES });
      const result = await page.evaluate((opts) => (globalThis as unknown as HarnessGlobal).chartsHarness.benchmark(opts), options);
      const trace = await browser.stopTracing();
      const tasks = { firstRender: taskStats(trace, ...BENCH_MARKS.firstRender), appends: taskStats(trace, ...BENCH_MARKS.appends) };
      console.log(`charts benchmark ${JSON.stringify({ ...result, tasks })}`);
      expect(result.appends).toBeGreaterThan(10);
      runs.push({ repeat, caseIndex, ...result, tasks });
    }
  }
  // A look at the chart while it streams (a short extra run: a screenshot would disturb the measured ones).
  const streaming = page.evaluate((opts) => (globalThis as unknown as HarnessGlobal).chartsHarness.benchmark(opts), { ...cases[0], durationMs: 2500 } as BenchmarkOptions);
  await page.waitForTimeout(2000);
  await page.getByTestId('bench-section').screenshot({ path: join(screenshots, 'charts-benchmark-live.png') });
  await streaming;
  // The same page, the same minutes: what the machine does to a task of known CPU cost at 10 Hz.
  const reference = await harnessCall(page, (harness) => harness.referenceLoop(20, 10, 5000));
  console.log(`charts reference ${JSON.stringify(reference)}`);
  // Ranges over the repeats, per case: the machine is shared, so one number would say little.
  const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)].map((value) => Math.round(value * 10) / 10) as [number, number];
  const summary = Object.fromEntries(
    cases.map((options, caseIndex) => {
      const mine = runs.filter((run) => run.caseIndex === caseIndex);
      return [
        `${options.series} × ${options.pointsPerSeries / options.pointsPerBucket} buckets of ${options.pointsPerBucket}`,
        {
          firstRenderMs: range(mine.map((run) => run.firstRenderMs)),
          longTasks: range(mine.map((run) => run.longTasks)),
          maxLongTaskMs: range(mine.map((run) => run.maxLongTaskMs)),
          longTasksOnlyByWaiting: range(mine.map((run) => run.tasks.appends.longOnlyByWaiting)),
          taskCpuP95Ms: range(mine.map((run) => run.tasks.appends.cpuMs.p95)),
          taskCpuMaxMs: range(mine.map((run) => run.tasks.appends.cpuMs.max)),
          appendToDrawnP95Ms: range(mine.map((run) => run.appendToDrawnMs.p95)),
        },
      ];
    }),
  );
  console.log(`charts summary ${JSON.stringify(summary)}`);
  // `npm run bench` collects this file into its JSON report.
  const out = process.env['CHARTS_BENCH_OUT'];
  if (out) writeFileSync(out, JSON.stringify({ summary, reference, runs }));
});
