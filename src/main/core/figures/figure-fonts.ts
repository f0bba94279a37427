/**
 * The font files a figure PDF embeds and the headless PNG draws with: Adobe's complete Source Serif 4
 * and Source Sans 3 (SIL OFL 1.1) in resources/fonts, the same files the preview loads and
 * font-metrics.ts was measured from (scripts/lib/figure-font-files.js lists them for that script).
 */
import { join } from 'node:path';
import { findPackageRoot } from '../package-root';

export type FigureFontKey = 'serif' | 'serifBold' | 'sans' | 'sansBold';

const FILE_NAMES: Record<FigureFontKey, string> = {
  serif: 'SourceSerif4-Regular.ttf',
  serifBold: 'SourceSerif4-Bold.ttf',
  sans: 'SourceSans3-Regular.ttf',
  sansBold: 'SourceSans3-Bold.ttf',
};

export function figureFontFiles(): Record<FigureFontKey, string> {
  const folder = join(findPackageRoot(), 'resources', 'fonts');
  return Object.fromEntries(Object.entries(FILE_NAMES).map(([key, name]) => [key, join(folder, name)])) as Record<FigureFontKey, string>;
}
