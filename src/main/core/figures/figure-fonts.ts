/**
 * The font files a figure PDF embeds: Source Serif 4 and Source Sans 3 (SIL OFL 1.1), shipped by
 * their @fontsource packages. The same files the preview loads and font-metrics.ts was measured from
 * (scripts/lib/figure-font-files.js lists them for that script).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FigureFontKey = 'serif' | 'serifBold' | 'sans' | 'sansBold';

// Not named `require`: the bundler declares its own in the ESM output.
const resolvePackage = createRequire(import.meta.url);
const filesOf = (pkg: string) => join(dirname(resolvePackage.resolve(`${pkg}/package.json`)), 'files');

export function figureFontFiles(): Record<FigureFontKey, string> {
  const serif = filesOf('@fontsource/source-serif-4');
  const sans = filesOf('@fontsource/source-sans-3');
  return {
    serif: join(serif, 'source-serif-4-latin-400-normal.woff'),
    serifBold: join(serif, 'source-serif-4-latin-700-normal.woff'),
    sans: join(sans, 'source-sans-3-latin-400-normal.woff'),
    sansBold: join(sans, 'source-sans-3-latin-700-normal.woff'),
  };
}
