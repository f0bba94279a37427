/**
 * The figure builder, as a paper's author uses it: three real (tiny) runs, a two-panel figure —
 * validation ELBO of the three runs; KL per dimension of two of them on shared axes — at 3.25 × 2.2
 * in, 8 pt serif, exported as PDF, SVG and PNG, and re-rendered headless by the CLI (SVG and PNG).
 * Screenshots of the view, the rendered PDF page and both PNGs land in test-results/screenshots/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { builtFile } from '../helpers/built-app';
import { expect, test } from './workbench-host';

const SHOTS = resolve('test-results/screenshots');
const FILES = resolve('test-results/figures');

/** A run of a few seconds that still trains, evaluates each epoch and records KL per dimension. */
const TINY_CONFIG = {
  data: { dataset: { source: 'embedded-mnist' } },
  model: { hidden: [32], latentDim: 8 },
  optim: { batchSize: 256, epochs: 2 },
  eval: { iwaeK: 4, iwaePoints: 64, latentPoints: 200, maxHeldOut: 300 },
  reportEverySteps: 10,
  seed: 7,
  backend: 'wasm',
};

function cli(args: string[]): string {
  const result = spawnSync(process.execPath, [builtFile('main', 'cli.js'), ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vae-workbench ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Trains one tiny run in the host's data folder (a second process, the same history); returns its id. */
function train(dataDir: string, name: string, beta: string): string {
  const config = join(dataDir, `${name}.json`);
  writeFileSync(config, JSON.stringify(TINY_CONFIG));
  cli(['train', '--config', config, '--name', name, '--beta', beta, '--json', '--data-dir', dataDir]);
  const runs = cli(['runs', '--json', '--data-dir', dataDir]).trim().split('\n').map((line) => JSON.parse(line) as { id: string; name: string });
  const run = runs.find((candidate) => candidate.name === name);
  if (!run) throw new Error(`run ${name} is not in the history`);
  return run.id;
}

async function download(page: Page, button: string, path: string): Promise<string> {
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  await (await waiting).saveAs(path);
  return path;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:e-?\d+)?/g;
const numbersOf = (svg: string) => (svg.match(NUMBER) ?? []).map(Number);
const texts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);

test('a two-panel figure at 3.25 × 2.2 in, 8 pt serif, exported as PDF, SVG and PNG', async ({ page, workbench }) => {
  test.setTimeout(300_000);
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(FILES, { recursive: true });
  const ids = [train(workbench.dataDir, 'beta 1', '1'), train(workbench.dataDir, 'beta 4', '4'), train(workbench.dataDir, 'beta 0.25', '0.25')];

  // "Make a figure" from Compare opens the builder with the compared runs.
  await page.goto(`${workbench.url}#/compare?ids=${ids.join(',')}`);
  await page.getByRole('link', { name: 'Make a figure' }).click();
  await expect(page).toHaveURL(/#\/figures\?runs=/);
  await page.getByLabel('Figure name').fill('elbo and kl');

  // Panel (a): validation ELBO of all three; panel (b): KL per dimension of the first two.
  await expect(page.getByLabel('Panel a metric')).toHaveValue('eval/elbo');
  await page.getByRole('group', { name: 'Runs in panel b' }).getByLabel('beta 0.25').uncheck();
  await page.getByLabel('Shared y axes').check();
  await page.getByLabel('Figure width').fill('3.25');
  await page.getByLabel('Figure width').dispatchEvent('change');
  await page.getByLabel('Figure height').fill('2.2');
  await page.getByLabel('Figure height').dispatchEvent('change');
  await page.getByLabel('Font family').selectOption('serif');
  await page.getByLabel('Font size (pt)').fill('8');

  const preview = page.getByTestId('figure-preview');
  await expect(preview.locator('svg')).toHaveAttribute('width', '3.25in');
  await expect(preview.locator('svg')).toHaveAttribute('height', '2.2in');
  await expect(preview).toContainText('Validation ELBO (nats)');
  await expect(preview).toContainText('KL (nats)');
  await expect(preview).toContainText('(b)');
  await page.getByRole('button', { name: 'Save figure' }).click();
  await expect(page.getByRole('status')).toContainText('vae-workbench figure "elbo and kl"');
  await page.screenshot({ path: join(SHOTS, 'figures.png'), fullPage: true });
  await preview.screenshot({ path: join(SHOTS, 'figures-preview.png') });

  const pdf = await download(page, 'PDF', join(FILES, 'app.pdf'));
  const svg = await download(page, 'SVG', join(FILES, 'app.svg'));
  await page.getByLabel('PNG resolution (dpi)').fill('300');
  const png = await download(page, 'PNG', join(FILES, 'app.png'));

  // The PDF: vector, fonts embedded; its page rendered for the record (with poppler-utils, which CI installs).
  if (hasPoppler()) {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/SourceSerif4-\w+ .* yes +yes +yes/);
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', pdf, join(SHOTS, 'figures-pdf-page')]);
  } else {
    test.info().annotations.push({ type: 'skipped checks', description: 'poppler-utils is not installed: the PDF font and image checks did not run (apt-get install poppler-utils)' });
  }

  // The PNG: 3.25 × 2.2 in at 300 dpi.
  const pngBytes = readFileSync(png);
  expect([pngBytes.readUInt32BE(16), pngBytes.readUInt32BE(20)]).toEqual([975, 660]);
  expect(pngBytes.toString('latin1')).toContain('vae-workbench provenance');

  // The headless render of the saved figure is the in-app export.
  const headless = join(FILES, 'cli.svg');
  cli(['figure', 'elbo and kl', '--out', headless, '--data-dir', workbench.dataDir]);
  const appSvg = readFileSync(svg, 'utf8');
  const cliSvg = readFileSync(headless, 'utf8');
  expect(texts(appSvg)).toEqual(texts(cliSvg));
  // Not only the text: the browser's SVG and the CLI's are the same document, element for element,
  // with every coordinate equal to within 0.001 pt (Chromium's V8 and Node's may round a layout
  // number's last printed digit differently).
  expect(appSvg.replace(NUMBER, '#')).toBe(cliSvg.replace(NUMBER, '#'));
  const [appNumbers, cliNumbers] = [numbersOf(appSvg), numbersOf(cliSvg)];
  expect(appNumbers.length).toBe(cliNumbers.length);
  expect(appNumbers.filter((value, i) => Math.abs(value - (cliNumbers[i] ?? Number.NaN)) > 1e-3)).toEqual([]);
  expect(texts(appSvg)).toContain('Validation ELBO (nats)');
  for (const id of ids) expect(appSvg).toContain(id);

  // The CLI's PNG (resvg, headless) has the app PNG's size at the same dpi, and its provenance.
  const cliPng = join(FILES, 'cli.png');
  cli(['figure', 'elbo and kl', '--out', cliPng, '--dpi', '300', '--data-dir', workbench.dataDir]);
  const cliPngBytes = readFileSync(cliPng);
  expect([cliPngBytes.readUInt32BE(16), cliPngBytes.readUInt32BE(20)]).toEqual([975, 660]);
  expect(cliPngBytes.toString('latin1')).toContain('vae-workbench provenance');
  // For the record: the app's PNG, the CLI's PNG and the PDF page side by side in test-results.
  writeFileSync(join(SHOTS, 'figures-app.png'), pngBytes);
  writeFileSync(join(SHOTS, 'figures-cli.png'), cliPngBytes);

  // A third panel: an interpolation strip the host decodes from the first run's checkpoint, drawn in
  // the preview, stored with the figure on save, and rendered from the store by the CLI.
  await page.getByRole('button', { name: 'Interpolation strip' }).click();
  await page.getByLabel('Panel c to point').fill('7');
  await page.getByLabel('Panel c to point').dispatchEvent('change');
  await page.getByLabel('Figure height').fill('3.2');
  await page.getByLabel('Figure height').dispatchEvent('change');
  await expect(preview).toContainText('slerp, held-out point 0', { timeout: 60_000 });
  await expect(preview.locator('image')).toHaveCount(1);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Saved "elbo and kl"');
  await preview.screenshot({ path: join(SHOTS, 'figures-preview-strip.png') });
  const stripSvg = join(FILES, 'cli-strip.svg');
  cli(['figure', 'elbo and kl', '--out', stripSvg, '--data-dir', workbench.dataDir]);
  expect(readFileSync(stripSvg, 'utf8')).toMatch(/<image\b[^>]*href="data:image\/png;base64,/);
});

function hasPoppler(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v pdffonts && command -v pdfimages && command -v pdftoppm'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
