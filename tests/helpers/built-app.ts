/**
 * Tests that start real processes run the built output. `npm test` builds first; when run alone
 * (npx vitest), a missing build is made once here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild } from '../../scripts/lib/ensure-build.js';

export const repoRoot = join(import.meta.dirname, '..', '..');

export function builtFile(...parts: string[]): string {
  const path = join(repoRoot, 'out', ...parts);
  if (!existsSync(path) && !ensureBuild(repoRoot, () => {})) throw new Error('electron-vite build failed; run `npm run build` to see why');
  return path;
}
