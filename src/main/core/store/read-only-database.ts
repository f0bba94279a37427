/**
 * A data folder this process cannot write (a read-only mount, another user's folder, a backup on
 * read-only media). SQLite cannot open a write-ahead-logged database there at all (it must create
 * the -shm file), which used to read as "not a readable SQLite database", as if the file were
 * corrupt. Read-only commands (runs, export) get a read-only copy in memory instead; commands
 * that write are told plainly that the folder is read-only.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { conflict, describeError } from './store-errors';
import type { Db } from './sqlite';

/** Why a writing connection cannot work here, or null when it can. */
export function readOnlyReason(path: string): string | null {
  for (const target of [dirname(path), path]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      return code === 'EROFS' ? 'it is on a read-only file system' : `this user may not write to ${target}`;
    }
  }
  return null;
}

export function readOnlyRefusal(path: string, reason: string): Error {
  return conflict(
    `the data folder ${dirname(path)} is read-only (${reason}): runs cannot be trained, imported or changed there. ` +
      'Read-only commands (runs, export) still work on it; to train, make it writable or pass another --data-dir.',
  );
}

/**
 * Opens a read-only copy of the database in memory. The header's WAL flag is cleared in the copy
 * (an in-memory database has no log); a log that still holds changes cannot be merged without
 * writing, so that case is refused rather than shown without its newest rows.
 */
export function openReadOnlyCopy(path: string, reason: string, nativeBinding?: string): Db {
  if (!existsSync(path)) {
    throw conflict(`the data folder ${dirname(path)} is read-only (${reason}) and holds no run database yet: there are no runs to show`);
  }
  const log = `${path}-wal`;
  if (existsSync(log) && statSync(log).size > 0) {
    throw conflict(
      `the data folder ${dirname(path)} is read-only (${reason}) and its write-ahead log ${log} holds changes not yet merged into the database; ` +
        'open it once where it is writable (any vae-workbench command will do) to merge them',
    );
  }
  const bytes = readFileSync(path);
  // Bytes 18 and 19 are the file format's write and read versions: 2 means WAL, 1 rollback journal.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes.fill(1, 18, 20);
  try {
    return new Database(bytes, { readonly: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
  } catch (error) {
    throw new Error(`${path} is not a readable SQLite database: ${describeError(error)}`, { cause: error });
  }
}
