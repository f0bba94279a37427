/**
 * The files behind a checkpoint record. A checkpoint path is a file or a folder (a tfjs model is
 * model.json + weights.bin); a relative path is relative to the host's checkpoint folder.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { CheckpointRecord } from '../../../../shared/runs';

export interface CheckpointFile {
  /** Relative path inside the checkpoint, '/'-separated; a single-file checkpoint uses its base name. */
  path: string;
  data: Buffer;
}

export interface CheckpointContents {
  layout: 'file' | 'directory';
  files: CheckpointFile[];
}

export function resolveCheckpointPath(path: string, checkpointDir: string): string {
  return isAbsolute(path) ? path : join(checkpointDir, path);
}

export async function readCheckpoint(checkpoint: CheckpointRecord, checkpointDir: string): Promise<CheckpointContents> {
  const location = resolveCheckpointPath(checkpoint.path, checkpointDir);
  let info;
  try {
    info = await stat(location);
  } catch {
    throw new Error(`checkpoint of step ${checkpoint.step} (epoch ${checkpoint.epoch}) is missing on disk: ${location}`);
  }
  if (info.isFile()) return { layout: 'file', files: [{ path: basename(location), data: await readFile(location) }] };
  const files: CheckpointFile[] = [];
  for (const name of await filesUnder(location)) {
    files.push({ path: relative(location, name).split(sep).join('/'), data: await readFile(name) });
  }
  return { layout: 'directory', files };
}

/** Regular files below a folder, recursively, in a stable (sorted) order. */
async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
