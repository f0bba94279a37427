/** Tests that start real processes run the built output; build it once if it is stale. */
import { join } from 'node:path';
import { ensureBuild } from '../../scripts/lib/ensure-build.js';

export const repoRoot = join(import.meta.dirname, '..', '..');

export function builtFile(...parts: string[]): string {
  if (!ensureBuild(repoRoot, () => {})) throw new Error('electron-vite build failed; run `npm run build` to see why');
  return join(repoRoot, 'out', ...parts);
}
