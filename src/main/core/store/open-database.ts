/**
 * Opens the run database: refuses files that are not ours or that a newer build wrote (before
 * touching them), then sets the connection up (WAL, foreign keys, busy timeout) and migrates.
 */
import Database from 'better-sqlite3';
import { migrate, readSchemaVersion, SCHEMA_VERSION } from './schema/migrate';
import { APPLICATION_ID } from './schema/v1-runs-and-metrics';
import { conflict, describeError } from './store-errors';
import { openReadOnlyCopy, readOnlyReason, readOnlyRefusal } from './read-only-database';
import type { Db } from './sqlite';

export interface RunStoreOptions {
  /**
   * Path of a better_sqlite3.node built for the running ABI. Electron passes its own build; plain
   * Node leaves it out and gets the one npm built.
   */
  nativeBinding?: string;
  /**
   * 'full' (default): every commit is fsync'd, so an acknowledged batch survives even a power cut.
   * 'normal': survives any process crash (kill -9 included); the last commits may roll back after a
   * power cut. Either way the file never corrupts.
   */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock before failing, ms. Defaults to 5000. */
  busyTimeoutMs?: number;
  /**
   * Read-only commands (runs, export) pass true: in a folder this process cannot write they get a
   * read-only copy of the database. Otherwise such a folder is refused with a message saying so.
   */
  allowReadOnly?: boolean;
}

export function openDatabase(path: string, options: RunStoreOptions = {}): Db {
  const readOnly = path === ':memory:' ? null : readOnlyReason(path);
  if (readOnly !== null) {
    if (!options.allowReadOnly) throw readOnlyRefusal(path, readOnly);
    const copy = openReadOnlyCopy(path, readOnly, options.nativeBinding);
    try {
      refuseForeignOrNewer(copy, path);
      const version = readSchemaVersion(copy);
      if (version < SCHEMA_VERSION) {
        throw conflict(`${path} is read-only (${readOnly}) and needs its schema upgraded (version ${version} to ${SCHEMA_VERSION}); open it once where it is writable`);
      }
      return copy;
    } catch (error) {
      copy.close();
      throw error;
    }
  }
  let db: Db;
  try {
    db = new Database(path, {
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    });
  } catch (error) {
    throw new Error(`cannot open run database ${path}: ${describeError(error)}`, { cause: error });
  }
  try {
    refuseForeignOrNewer(db, path);
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && !db.memory) {
      throw new Error(`cannot switch ${path} to write-ahead logging (journal_mode stayed ${String(journalMode)})`);
    }
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    // Downsampling groups a few thousand tiles; keep the sorter in memory, never in a temp file.
    db.pragma('temp_store = MEMORY');
    migrate(db); // leaves foreign-key enforcement on
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reads only the header and the schema table, so a refused file is left exactly as it was. */
function refuseForeignOrNewer(db: Db, path: string): void {
  let version: number;
  let applicationId: number;
  let schemaObjects: number;
  try {
    version = readSchemaVersion(db);
    applicationId = db.pragma('application_id', { simple: true }) as number;
    schemaObjects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  } catch (error) {
    throw new Error(`${path} is not a readable SQLite database: ${describeError(error)}`, { cause: error });
  }
  if (version > SCHEMA_VERSION) {
    throw conflict(
      `${path} was written by a newer VAE Workbench (schema version ${version}; this build reads up to ` +
        `${SCHEMA_VERSION}). It was left untouched: open it with a newer version.`,
    );
  }
  const ours = applicationId === APPLICATION_ID || (applicationId === 0 && version === 0 && schemaObjects === 0);
  if (!ours) {
    throw conflict(
      `${path} is not a VAE Workbench run database (application_id ${applicationId}, user_version ${version}, ` +
        `${schemaObjects} schema objects); it was left untouched.`,
    );
  }
}
