#!/usr/bin/env node
// The `vae-workbench` command: builds on first use from a source checkout, then runs the CLI.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from '../scripts/lib/ensure-build.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!ensureBuild(root, (line) => process.stderr.write(`${line}\n`))) process.exit(1);
await import(pathToFileURL(join(root, 'out', 'main', 'cli.js')).href);
