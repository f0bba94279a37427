// The font files figures use (OFL: Source Serif 4, Source Sans 3), by figure font key. The Latin
// subset holds ASCII, Latin-1, the minus sign and the dashes; figure text keeps to it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const folder = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), 'files');

export const FIGURE_FONT_FILES = {
  serif: join(folder('@fontsource/source-serif-4'), 'source-serif-4-latin-400-normal.woff'),
  serifBold: join(folder('@fontsource/source-serif-4'), 'source-serif-4-latin-700-normal.woff'),
  sans: join(folder('@fontsource/source-sans-3'), 'source-sans-3-latin-400-normal.woff'),
  sansBold: join(folder('@fontsource/source-sans-3'), 'source-sans-3-latin-700-normal.woff'),
};
