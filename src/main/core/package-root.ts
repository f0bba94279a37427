/**
 * The folder holding package.json. Code runs both from src/ (vitest) and from out/ (built),
 * so paths are found by walking up rather than assumed relative to this file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function findPackageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  if (cached) return cached;
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'vae-workbench') {
        cached = dir;
        return dir;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the vae-workbench package.json above ${start}`);
    dir = parent;
  }
}
