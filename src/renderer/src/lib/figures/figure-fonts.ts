/**
 * The figure fonts in the page (the same OFL files the PDF embeds), so the preview and the PNG are
 * drawn in them. Canvas drawing does not wait for web fonts: ensureFigureFonts() loads them first.
 */
import '@fontsource/source-serif-4/latin-400.css';
import '@fontsource/source-serif-4/latin-700.css';
import '@fontsource/source-sans-3/latin-400.css';
import '@fontsource/source-sans-3/latin-700.css';
import { FIGURE_FONT_FAMILIES } from '../../../../shared/figures/text-measure';

export async function ensureFigureFonts(): Promise<void> {
  const faces = Object.values(FIGURE_FONT_FAMILIES).flatMap((family) => [`400 12px '${family}'`, `700 12px '${family}'`]);
  await Promise.all(faces.map((face) => document.fonts.load(face)));
}
