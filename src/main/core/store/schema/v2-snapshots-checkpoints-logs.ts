/**
 * Version 2: what a run leaves besides scalars. Snapshots hold either JSON (small diagnostics such
 * as KL per dimension) or a BLOB (image grids, packed Float32 latents), never both, so a large grid
 * is never inflated into JSON text.
 */
import type { Migration } from './migration';

export const v2SnapshotsCheckpointsLogs: Migration = {
  version: 2,
  description: 'snapshots, checkpoints and run logs',
  up(db) {
    db.exec(`
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        kind TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
        json_data TEXT CHECK (json_data IS NULL OR json_valid(json_data)),
        blob_data BLOB,
        CHECK ((json_data IS NULL) <> (blob_data IS NULL)),
        UNIQUE (run_id, kind, epoch)
      );

      CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (run_id, step)
      );

      CREATE TABLE run_logs (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
        line TEXT NOT NULL
      );
      CREATE INDEX run_logs_by_run ON run_logs (run_id, id);
    `);
  },
};
