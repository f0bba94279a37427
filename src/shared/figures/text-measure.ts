/**
 * Text widths for figure layout from the figure fonts' own advance widths (font-metrics.ts). ECharts
 * sizes legends, axis gaps and label thinning with these, so the browser preview and the headless
 * render make the same layout, and it fits the glyphs the PDF embeds.
 */
import { FIGURE_FONT_CHARACTERS, FIGURE_FONT_METRICS } from './font-metrics';

/** The CSS family names figures use; the preview's @font-face and the PDF's fonts use the same. */
export const FIGURE_FONT_FAMILIES = { serif: 'Source Serif 4', sans: 'Source Sans 3' } as const;

/**
 * The CSS font-family lists figures write: the figure font (quoted: "Source Serif 4" is not a valid
 * unquoted CSS name), then metric-alike system fonts for a viewer that lacks it.
 */
export const FIGURE_FONT_STACKS = {
  serif: `'${FIGURE_FONT_FAMILIES.serif}', 'Times New Roman', Times, serif`,
  sans: `'${FIGURE_FONT_FAMILIES.sans}', Arial, Helvetica, sans-serif`,
} as const;

const INDEX = new Map([...FIGURE_FONT_CHARACTERS].map((character, index) => [character, index]));

type FontKey = keyof typeof FIGURE_FONT_METRICS;

/** Which figure font a CSS font shorthand names, or null for any other font. */
export function figureFontKey(font: string): FontKey | null {
  const bold = /\bbold\b|\b[6-9]00\b/.test(font);
  if (font.includes(FIGURE_FONT_FAMILIES.serif)) return bold ? 'serifBold' : 'serif';
  if (font.includes(FIGURE_FONT_FAMILIES.sans)) return bold ? 'sansBold' : 'sans';
  return null;
}

/** Width in px of `text` set in the figure font `key` at `sizePx`; unknown characters count as an 'o'. */
export function figureTextWidth(text: string, key: FontKey, sizePx: number): number {
  const widths = FIGURE_FONT_METRICS[key].widths;
  const fallback = widths[INDEX.get('o') ?? 0] ?? 500;
  let units = 0;
  for (const character of text) units += widths[INDEX.get(character) ?? -1] ?? fallback;
  return (units * sizePx) / 1000;
}

/** The px size of a CSS font shorthand ("normal 400 8px 'Source Serif 4'"), 12 when absent. */
export function fontSizePx(font: string): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(font);
  return match ? Number(match[1]) : 12;
}

/**
 * A measureText for ECharts' platform API: figure fonts by their metrics, any other font by
 * `fallback` (the platform's own measurer, so the app's other charts are unaffected).
 */
export function figureMeasureText(fallback: (text: string, font?: string) => { width: number }) {
  return (text: string, font?: string): { width: number } => {
    const key = font ? figureFontKey(font) : null;
    return key ? { width: figureTextWidth(text, key, fontSizePx(font ?? '')) } : fallback(text, font);
  };
}
