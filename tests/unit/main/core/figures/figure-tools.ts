/**
 * Reading figure files as a researcher's tools do: poppler-utils (pdffonts, pdfimages, pdftoppm,
 * pdftotext) and librsvg's rsvg-convert, all from Debian. Text boxes come from pdftotext -bbox.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** poppler-utils (pdffonts, pdfimages, pdftoppm, pdftotext) is installed. */
export const HAS_POPPLER = ['pdffonts', 'pdfimages', 'pdftoppm', 'pdftotext'].every(hasCommand);
/** librsvg's rsvg-convert is installed. */
export const HAS_RSVG = hasCommand('rsvg-convert');
/** Test names say what they need, so a skip names its reason (CI installs both). */
export const NEEDS_POPPLER = '(needs poppler-utils: apt-get install poppler-utils)';
export const NEEDS_POPPLER_AND_RSVG = '(needs poppler-utils and librsvg2-bin: apt-get install poppler-utils librsvg2-bin)';

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(pdf: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    // name, type words…, encoding, emb, sub, uni, object id, generation
    const [emb] = columns.slice(-5, -4);
    return { name: columns[0] ?? '', type: columns.slice(1, -6).join(' '), embedded: emb === 'yes' };
  });
}

export function pdfImageCount(pdf: string): number {
  return execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2).length;
}

/** Renders page 1 at `dpi` and returns the PNG's path. */
export function pdfToPng(pdf: string, folder: string, dpi = 150): string {
  const stem = join(folder, 'page');
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', pdf, stem]);
  return `${stem}.png`;
}

export function pngSize(png: string): { width: number; height: number } {
  const bytes = readFileSync(png);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export function pdfWordBoxes(pdf: string): WordBox[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<\/word>/g)].map((match) => ({
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
    yMax: Number(match[4]),
    text: match[5] ?? '',
  }));
}

/** Pairs of words whose boxes intersect by more than `tolerance` points in both directions. */
export function overlappingWords(words: readonly WordBox[], tolerance = 0.5): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[i];
      const b = words[j];
      if (!a || !b) continue;
      const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (x > tolerance && y > tolerance) pairs.push([a.text, b.text]);
    }
  }
  return pairs;
}

/** The SVG as rsvg-convert draws it, as a PDF (to read its text boxes) or a PNG (at `dpi`, rsvg's 96 by default). */
export function rsvgConvert(svg: string, out: string, format: 'pdf' | 'png', dpi = 96): string {
  execFileSync('rsvg-convert', ['-f', format, '-d', String(dpi), '-p', String(dpi), '-o', out, svg]);
  return out;
}

/** The text of every <text> element, in document order: what "same SVG text content" compares. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? '');
}

/** The provenance JSON from an SVG's <metadata>. */
export function svgProvenance(svg: string): unknown {
  const match = /<metadata id="vae-workbench-provenance">([^<]*)<\/metadata>/.exec(svg);
  if (!match?.[1]) throw new Error('the SVG has no provenance metadata');
  const text = match[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return JSON.parse(text);
}

/** Inkscape (Debian's inkscape package) is installed. */
export const HAS_INKSCAPE = hasCommand('inkscape');
export const NEEDS_INKSCAPE = '(needs inkscape: apt-get install inkscape)';

/** A text element's box as Inkscape lays it out, in CSS px (96 per inch), with its text. */
export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Every <text>'s box from `inkscape --query-all`, which lists each element's visual bounding box in
 * document order; text elements get ids "text…" there, in the order svgTexts() reads them.
 */
export function inkscapeTextBoxes(svgPath: string): TextBox[] {
  const rows = execFileSync('inkscape', ['--query-all', svgPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
  const texts = svgTexts(readFileSync(svgPath, 'utf8'));
  const boxes = rows.filter((row) => /^text\d*,/.test(row)).map((row) => row.split(',').slice(1).map(Number));
  if (boxes.length !== texts.length) throw new Error(`inkscape listed ${boxes.length} text elements, the SVG has ${texts.length}`);
  return boxes.map(([x = 0, y = 0, width = 0, height = 0], i) => ({ text: texts[i] ?? '', x, y, width, height }));
}

/** Pairs of text boxes that intersect by more than `tolerance` px both ways. */
export function overlappingBoxes(boxes: readonly TextBox[], tolerance = 0.5): [string, string][] {
  const words = boxes.map((box) => ({ text: box.text, xMin: box.x, yMin: box.y, xMax: box.x + box.width, yMax: box.y + box.height }));
  return overlappingWords(words, tolerance);
}

/** The SVG as Inkscape draws it, as a PNG at `dpi`. */
export function inkscapePng(svgPath: string, out: string, dpi: number): string {
  execFileSync('inkscape', ['--export-type=png', `--export-dpi=${dpi}`, '--export-background=#ffffff', '--export-background-opacity=1', `--export-filename=${out}`, svgPath], { stdio: 'ignore' });
  return out;
}
