/**
 * Writes that survive a power cut, not just a crash: a file's bytes are fsync'd before it is
 * renamed into place, and the folder is fsync'd after, so the rename itself is on disk before the
 * host records the checkpoint. Without this a checkpoint the store points to could come back empty.
 */
import { open } from 'node:fs/promises';

export async function writeFileDurably(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a folder so the entries created or renamed in it are durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the data files are synced regardless.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}
