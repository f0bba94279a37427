/**
 * `vae-workbench figure SPEC|NAME --out fig.pdf|fig.svg|fig.png|fig.csv [--dpi N] [--save]`: renders a
 * figure headless, from the database, without a browser. SPEC is a JSON spec file (its runs may be
 * ids, id prefixes or names); NAME is a figure saved in the app (its name or id). --save stores a spec
 * file's figure so the app lists it. Interpolation strips a spec does not hold yet are decoded from
 * the run's checkpoint by a decoder worker, as the app does; --save stores them with the figure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseFigureSpec, type FigureSpec } from '../../../shared/figures/figure-spec';
import { appInfo } from '../../core/app-info';
import { decodeFigureStrips, missingStrips, type StripDecoder, withDecodedStrips } from '../../core/figures/decode-figure-strips';
import { PNG_DPI_RANGE } from '../../core/figures/figure-png';
import { DEFAULT_PNG_DPI, FIGURE_FORMATS, renderFigure, type FigureFormat } from '../../core/figures/render-figure';
import type { RunStore } from '../../core/store/run-store';
import { CliUsageError } from '../cli-usage-error';
import { openCliHost } from '../cli-host';
import { findRun } from '../run-reference';
import { messageOf } from '../../../shared/errors';

export const FIGURE_HELP = `vae-workbench figure SPEC|NAME --out FILE [--format pdf|svg|png|csv] [--dpi N] [--save] [--data-dir D]
  Renders a figure from the run database, headless. SPEC is a figure spec (.json; runs may be ids,
  id prefixes or names); NAME is the name or id of a figure saved in the app. The format follows
  FILE's extension: .pdf (vector, fonts embedded), .svg (text as text), .png (at --dpi, default
  ${DEFAULT_PNG_DPI}) or .csv (the numbers drawn). --save also stores a spec file's figure under its
  name, with the interpolation strips it decoded.`;

export interface FigureCommandArgs {
  figure?: string | undefined;
  out?: string | undefined;
  format?: string | undefined;
  dpi?: string | undefined;
  save?: boolean | undefined;
  dataDir?: string | undefined;
}

export async function runFigureCommand(args: FigureCommandArgs): Promise<number> {
  if (!args.figure) throw new CliUsageError('figure needs a spec file or a saved figure name: vae-workbench figure SPEC|NAME --out fig.pdf');
  if (!args.out) throw new CliUsageError('figure needs --out FILE (.pdf, .svg, .png or .csv)');
  const format = figureFormat(args.out, args.format);
  const dpi = pngDpi(args.dpi, format);
  // --save writes the store; rendering alone only reads it (a read-only data folder is fine).
  const services = openCliHost(args.dataDir, false, args.save === true);
  try {
    const store = services.store;
    const decode: StripDecoder = (runId, zs, epoch) => services.runs.decode(runId, zs, epoch);
    const fromFile = isSpecFile(args.figure);
    let spec = fromFile ? withRunIds(store, readSpecFile(args.figure)) : store.figures.find(args.figure).spec;
    if (missingStrips(spec).length > 0) {
      const results = await decodeFigureStrips(store, spec, decode);
      for (const result of results) if (result.problem) process.stderr.write(`warning: interpolation strip of run ${result.request.runId}: ${result.problem}\n`);
      spec = withDecodedStrips(spec, results);
    }
    if (args.save && fromFile) {
      const existing = store.figures.list().find((figure) => figure.name.toLowerCase() === spec.name.toLowerCase());
      store.figures.save({ ...(existing ? { id: existing.id } : {}), spec });
    }
    const file = await renderFigure(store, spec, format, appInfo().version, { decode, ...(dpi === undefined ? {} : { dpi }) });
    const out = resolve(args.out);
    writeFileSync(out, file.text ?? Buffer.from(file.base64 ?? '', 'base64'));
    process.stdout.write(`Wrote ${out}\n`);
    return 0;
  } finally {
    await services.close();
  }
}

function figureFormat(out: string, format: string | undefined): FigureFormat {
  const chosen = format ?? extname(out).slice(1).toLowerCase();
  if (!(FIGURE_FORMATS as readonly string[]).includes(chosen)) {
    throw new CliUsageError(`cannot tell the format from "${out}": use a .pdf, .svg, .png or .csv file, or --format pdf|svg|png|csv`);
  }
  return chosen as FigureFormat;
}

function pngDpi(text: string | undefined, format: FigureFormat): number | undefined {
  if (text === undefined) return undefined;
  if (format !== 'png') throw new CliUsageError(`--dpi is for PNG output; ${format.toUpperCase()} has no resolution`);
  const dpi = Number(text);
  if (!Number.isFinite(dpi) || dpi < PNG_DPI_RANGE.min || dpi > PNG_DPI_RANGE.max) {
    throw new CliUsageError(`--dpi must be a number from ${PNG_DPI_RANGE.min} to ${PNG_DPI_RANGE.max}, got "${text}"`);
  }
  return dpi;
}

function isSpecFile(reference: string): boolean {
  return reference.toLowerCase().endsWith('.json') || existsSync(reference);
}

function readSpecFile(path: string): FigureSpec {
  if (!existsSync(path)) throw new CliUsageError(`no spec file ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`${path} is not valid JSON: ${messageOf(error)}`);
  }
  return parseFigureSpec(json);
}

/** A hand-written spec may name runs as the other commands do; the saved spec keeps full ids. */
function withRunIds(store: RunStore, spec: FigureSpec): FigureSpec {
  const id = (reference: string) => findRun(store, reference).id;
  return {
    ...spec,
    runs: spec.runs.map(id),
    panels: spec.panels.map((panel) => ({
      ...panel,
      ...(panel.runs ? { runs: panel.runs.map(id) } : {}),
      ...(panel.kind === 'interpolation' && panel.strip ? { strip: { ...panel.strip, runId: id(panel.strip.runId) } } : {}),
    })),
  };
}
