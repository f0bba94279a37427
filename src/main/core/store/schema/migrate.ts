/**
 * Brings a database to the current schema, one migration per transaction, keyed on PRAGMA
 * user_version. A fresh database runs every migration from version 0, so a fresh file and an upgraded
 * one are built by the same statements (tests compare their sqlite_schema rows).
 */
import { describeError } from '../store-errors';
import type { Db } from '../sqlite';
import type { Migration } from './migration';
import { v1RunsAndMetrics } from './v1-runs-and-metrics';
import { v2SnapshotsCheckpointsLogs } from './v2-snapshots-checkpoints-logs';
import { v3TagsAndSearch } from './v3-tags-and-search';
import { v4MetricSeriesAndTiles } from './v4-metric-series-and-tiles';
import { v5Figures } from './v5-figures';
import { v6ExperimentsAndLineage } from './v6-experiments-and-lineage';

export const MIGRATIONS: readonly Migration[] = [
  v1RunsAndMetrics,
  v2SnapshotsCheckpointsLogs,
  v3TagsAndSearch,
  v4MetricSeriesAndTiles,
  v5Figures,
  v6ExperimentsAndLineage,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function readSchemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations above the database's version up to `targetVersion` (tests stop early to
 * build old databases). Each runs in a BEGIN IMMEDIATE transaction that re-reads the version first,
 * so two processes opening the same old file never apply a step twice.
 */
export function migrate(db: Db, targetVersion: number = SCHEMA_VERSION): void {
  if (!Number.isInteger(targetVersion) || targetVersion < 0 || targetVersion > SCHEMA_VERSION) {
    throw new RangeError(`target schema version must be an integer in 0..${SCHEMA_VERSION}, got ${targetVersion}`);
  }
  // PRAGMA foreign_keys is a no-op inside a transaction, and rebuilding a parent table (v3) needs it
  // off; each step checks the keys itself before it commits.
  db.pragma('foreign_keys = OFF');
  try {
    while (db.transaction(() => applyNextMigration(db, targetVersion)).immediate()) {
      // applyNextMigration returns false once the target version is reached.
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function applyNextMigration(db: Db, targetVersion: number): boolean {
  const current = readSchemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this build's ${SCHEMA_VERSION}`);
  }
  if (current >= targetVersion) return false;
  const next = MIGRATIONS[current];
  if (!next || next.version !== current + 1) {
    throw new Error(`no migration from schema version ${current}`);
  }
  try {
    next.up(db);
    const violations = db.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error(`${violations.length} foreign-key violations after the migration`);
  } catch (error) {
    throw new Error(
      `migrating from schema version ${current} to ${next.version} (${next.description}) failed, ` +
        `the database stays at version ${current}: ${describeError(error)}`,
      { cause: error },
    );
  }
  db.pragma(`user_version = ${next.version}`);
  return true;
}
