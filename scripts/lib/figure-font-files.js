// The font files figures use, by figure font key: Adobe's complete Source Serif 4 and Source Sans 3
// (SIL OFL 1.1), kept in resources/fonts. Complete, not web subsets: Greek letters, superscripts,
// subscript digits and the math signs (≤, ±, ×, −, ·) print in the figure font.
import { join } from 'node:path';

const folder = join(import.meta.dirname, '..', '..', 'resources', 'fonts');

export const FIGURE_FONT_FILES = {
  serif: join(folder, 'SourceSerif4-Regular.ttf'),
  serifBold: join(folder, 'SourceSerif4-Bold.ttf'),
  sans: join(folder, 'SourceSans3-Regular.ttf'),
  sansBold: join(folder, 'SourceSans3-Bold.ttf'),
};
