/**
 * SVG → vector PDF: pdfkit draws the figure's own SVG (svg-to-pdfkit), with the figure fonts embedded
 * as subsets, so the PDF is the SVG at the same size, with the same text, as vectors (no raster
 * image) and prints the same on any machine. The provenance goes into the document info.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { FIGURE_FONT_FAMILIES } from '../../../shared/figures/text-measure';
import { provenanceSummary, type FigureProvenance } from '../../../shared/figures/figure-provenance';
import { figureFontFiles, type FigureFontKey } from './figure-fonts';

export async function figurePdf(svg: string, size: { width: number; height: number }, provenance: FigureProvenance): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [size.width, size.height],
    margin: 0,
    autoFirstPage: true,
    // A fixed date keeps re-renders of one spec byte-comparable; the provenance says what matters.
    info: {
      Title: provenance.figure,
      Creator: provenance.generator,
      Producer: provenance.generator,
      Subject: provenanceSummary(provenance),
      Keywords: JSON.stringify(provenance),
      CreationDate: new Date(0),
    },
  });
  for (const [key, path] of Object.entries(figureFontFiles())) doc.registerFont(key, path);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const warnings: string[] = [];
  // The SVG's size is in inches for other readers; here its user units are the page's points.
  const pointSized = svg.replace(/^(<svg[^>]*?) width="[^"]*" height="[^"]*"/, `$1 width="${size.width}" height="${size.height}"`);
  SVGtoPDF(doc, pointSized, 0, 0, {
    width: size.width,
    height: size.height,
    assumePt: true,
    fontCallback: (family, bold) => fontFor(family, bold),
    warningCallback: (message) => warnings.push(message),
  });
  doc.end();
  const pdf = await done;
  if (warnings.length > 0) throw new Error(`the figure's SVG did not convert cleanly to PDF: ${warnings.slice(0, 3).join('; ')}`);
  return pdf;
}

/** Every text in a figure is in a figure font; anything else falls back to the serif, never to Helvetica. */
function fontFor(family: string, bold: boolean): FigureFontKey {
  const sans = family.includes(FIGURE_FONT_FAMILIES.sans);
  if (sans) return bold ? 'sansBold' : 'sans';
  return bold ? 'serifBold' : 'serif';
}
