/**
 * A few megabytes of ballast in the data folder. When the disk fills up, SQLite cannot even write
 * the row that says a run ended, and the run would stay 'running' until the host restarts. The
 * ballast is deleted at that moment so the final status can be written, and put back when a run
 * starts again with space to spare. (Databases and journaling filesystems keep reserved space for
 * the same reason.)
 */
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';

export const DISK_RESERVE_FILE = 'disk-reserve.bin';
const DEFAULT_RESERVE_BYTES = 4 * 2 ** 20;

export class DiskReserve {
  constructor(
    private readonly path: string,
    private readonly bytes = DEFAULT_RESERVE_BYTES,
  ) {}

  /** Creates the ballast if it is missing; a disk too full (or read-only) for it is left as it is. */
  ensure(): void {
    try {
      if (statSync(this.path).size === this.bytes) return;
    } catch {
      /* missing: write it */
    }
    let fd: number | null = null;
    try {
      fd = openSync(this.path, 'w');
      // Real zeros, not a sparse file: the blocks must be allocated to be worth anything when freed.
      const chunk = Buffer.alloc(2 ** 16);
      for (let written = 0; written < this.bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, this.bytes - written));
    } catch {
      if (fd !== null) closeSync(fd);
      fd = null;
      rmSync(this.path, { force: true });
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  /** Frees the ballast; true when there was some to free. */
  release(): boolean {
    try {
      statSync(this.path);
      rmSync(this.path, { force: true });
      return true;
    } catch {
      return false;
    }
  }
}
