/**
 * Version 1, the first release: runs and their scalar metrics, one row per (run, key, step).
 * Frozen: a migration never changes once released; later versions reshape what it made.
 */
import type { Migration } from './migration';

/** 'VAEW': marks the file as ours, so we never migrate someone else's database. */
export const APPLICATION_ID = 0x56414557;

/**
 * The run's own columns as v1 made them, after its id; v3 rebuilds the table around the same ones.
 * Frozen with v1.
 */
export const V1_RUN_COLUMNS = `
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'stopped', 'interrupted')),
        config TEXT NOT NULL CHECK (json_valid(config)),
        seed INTEGER NOT NULL,
        backend TEXT,
        device TEXT,
        dataset TEXT,
        dataset_hash TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,`;

export const v1RunsAndMetrics: Migration = {
  version: 1,
  description: 'runs and metrics',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,${V1_RUN_COLUMNS}
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        notes TEXT NOT NULL DEFAULT '',
        error TEXT,
        summary TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(summary))
      );
      CREATE INDEX runs_by_created_at ON runs (created_at);

      -- value NULL encodes NaN (SQLite turns a bound NaN into NULL); ±Inf are stored as REALs.
      CREATE TABLE metrics (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        wall_time INTEGER NOT NULL,
        value REAL,
        PRIMARY KEY (run_id, key, step)
      ) WITHOUT ROWID;
    `);
    db.pragma(`application_id = ${APPLICATION_ID}`);
  },
};
