/**
 * SVG → PNG at a chosen dpi, headless: resvg (WebAssembly, no browser, no native build) draws the
 * figure's own SVG with the figure fonts loaded from resources/fonts and nothing from the system,
 * so the CLI's PNG is the SVG and PDF, glyph for glyph, on any machine. The provenance goes into the
 * PNG's text chunks, as the app's PNG export does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { FIGURE_FONT_FAMILIES } from '../../../shared/figures/text-measure';
import { provenanceSummary, type FigureProvenance } from '../../../shared/figures/figure-provenance';
import { withPngText } from '../../../shared/figures/png-text';
import { figureFontFiles } from './figure-fonts';

const POINTS_PER_INCH = 72;
export const PNG_DPI_RANGE = { min: 50, max: 2400 } as const;

// Not named `require`: the bundler declares its own in the ESM output.
const resolvePackage = createRequire(import.meta.url);
let wasmReady: Promise<void> | null = null;
let fontBuffers: Uint8Array[] | null = null;

export async function figurePng(svg: string, size: { width: number; height: number }, provenance: FigureProvenance, dpi: number): Promise<Buffer> {
  if (!(Number.isFinite(dpi) && dpi >= PNG_DPI_RANGE.min && dpi <= PNG_DPI_RANGE.max)) {
    throw new RangeError(`dpi must be between ${PNG_DPI_RANGE.min} and ${PNG_DPI_RANGE.max}, got ${dpi}`);
  }
  // One initialisation per process: the module refuses a second.
  wasmReady ??= initWasm(readFileSync(resolvePackage.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  await wasmReady;
  fontBuffers ??= Object.values(figureFontFiles()).map((path) => new Uint8Array(readFileSync(path)));
  // As for the PDF: the SVG's size is in inches for other readers; here its user units are points.
  const pointSized = svg.replace(/^(<svg[^>]*?) width="[^"]*" height="[^"]*"/, `$1 width="${size.width}" height="${size.height}"`);
  const resvg = new Resvg(pointSized, {
    fitTo: { mode: 'zoom', value: dpi / POINTS_PER_INCH },
    background: '#ffffff',
    font: { fontBuffers, defaultFontFamily: FIGURE_FONT_FAMILIES.serif, serifFamily: FIGURE_FONT_FAMILIES.serif, sansSerifFamily: FIGURE_FONT_FAMILIES.sans },
    // Image panels' pixels stay square at any zoom, as in the app's PNG.
    imageRendering: 1,
  });
  try {
    const png = resvg.render().asPng();
    const tagged = withPngText(png, {
      Software: provenance.generator,
      Comment: provenanceSummary(provenance),
      'vae-workbench provenance': JSON.stringify(provenance),
    });
    return Buffer.from(tagged);
  } finally {
    resvg.free();
  }
}
