/** Reads the app's colour variables as they apply to an element (they change with the colour scheme). */
import { PRINT_COLORS, type ChartColors } from './chart-theme';

export function readCssColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  // Outside the app (no app.css) a variable is empty: fall back to the light values.
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', PRINT_COLORS.text),
    muted: read('--muted', PRINT_COLORS.muted),
    border: read('--border', PRINT_COLORS.border),
    surface: read('--surface', PRINT_COLORS.surface),
    accent: read('--accent', PRINT_COLORS.accent),
  };
}

/** The element's font stack, for on-screen charts that should match the surrounding UI. */
export function readFontFamily(element: Element): string {
  return getComputedStyle(element).fontFamily || 'sans-serif';
}

export const DARK_SCHEME_QUERY = '(prefers-color-scheme: dark)';
