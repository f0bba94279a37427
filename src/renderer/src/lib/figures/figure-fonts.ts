/**
 * The figure fonts in the page: the same complete Source Serif 4 and Source Sans 3 files the PDF
 * embeds (resources/fonts), so the preview and the PNG are drawn in them, Greek and math signs
 * included. Canvas drawing does not wait for web fonts: ensureFigureFonts() loads them first.
 */
import sansBoldUrl from '../../../../../resources/fonts/SourceSans3-Bold.ttf?url';
import sansUrl from '../../../../../resources/fonts/SourceSans3-Regular.ttf?url';
import serifBoldUrl from '../../../../../resources/fonts/SourceSerif4-Bold.ttf?url';
import serifUrl from '../../../../../resources/fonts/SourceSerif4-Regular.ttf?url';
import { FIGURE_FONT_FAMILIES } from '../../../../shared/figures/text-measure';

const FACES = [
  { family: FIGURE_FONT_FAMILIES.serif, weight: '400', url: serifUrl },
  { family: FIGURE_FONT_FAMILIES.serif, weight: '700', url: serifBoldUrl },
  { family: FIGURE_FONT_FAMILIES.sans, weight: '400', url: sansUrl },
  { family: FIGURE_FONT_FAMILIES.sans, weight: '700', url: sansBoldUrl },
];

let loading: Promise<void> | null = null;

/** Adds the four faces to the document once; the preview's SVG text then draws in them. */
export function ensureFigureFonts(): Promise<void> {
  loading ??= Promise.all(
    FACES.map(async ({ family, weight, url }) => {
      const face = new FontFace(family, `url(${url})`, { weight, style: 'normal' });
      document.fonts.add(face);
      await face.load();
    }),
  ).then(() => undefined);
  return loading;
}
