/**
 * Every older schema upgrades to the current one with its data intact, and ends up with exactly the
 * schema a fresh database has. Old databases are built with the real migrations stopped early.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openRunStore, SCHEMA_VERSION } from '../../../../../../src/main/core/store';
import { TILE_LEVELS } from '../../../../../../src/main/core/store/metrics/tile-levels';
import { migrate, readSchemaVersion } from '../../../../../../src/main/core/store/schema/migrate';
import type { MetricPoint } from '../../../../../../src/shared/runs';
import { freshStore, temporaryFolder, track } from '../store-fixtures';

const RUN_ID = '5b1f3c52-8d59-4e0a-9a51-0f0c3c0a7e11';
const CONFIG = { model: { kind: 'mlp', hidden: [400, 200], latentDim: 20 }, objective: { beta: 4 }, note: 'ünïcode ✓' };
const SPECIAL_VALUES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** 600 loss points (NaN and ±Inf among them) and 40 ELBO points. */
function legacyPoints(): MetricPoint[] {
  const loss = Array.from({ length: 600 }, (_, step) => ({
    key: 'train/loss',
    step,
    epoch: Math.floor(step / 100),
    wallTime: 1_690_000_000_000 + step * 10,
    value: step % 97 === 5 ? (SPECIAL_VALUES[step % 3] as number) : 200 / (step + 1) + (step % 7) * 0.01,
  }));
  const elbo = Array.from({ length: 40 }, (_, index) => ({
    key: 'eval/elbo',
    step: index * 15,
    epoch: index,
    wallTime: 1_690_000_000_000 + index * 150,
    value: -150 + index,
  }));
  return [...loss, ...elbo];
}

function schemaRows(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    // sqlite_stat* are ANALYZE's statistics (PRAGMA optimize on close), not schema.
    return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all();
  } finally {
    db.close();
  }
}

/** Writes, with the SQL of schema version `version`, one run with tags, notes, summary and metrics. */
function seedLegacyData(db: Database.Database, version: number): void {
  const tagsJson = JSON.stringify(['baseline', ' mnist ', 'baseline', '']);
  const runColumns = 'id, name, status, config, seed, backend, device, dataset, dataset_hash, created_at, started_at, ended_at, notes, error, summary';
  const runValues = [RUN_ID, 'legacy run', 'completed', JSON.stringify(CONFIG), 42, 'wasm', 'CPU', 'mnist', 'ab'.repeat(32), 1_690_000_000_000, 1_690_000_001_000, 1_690_000_900_000, 'first try with warm-up', null, JSON.stringify({ elbo: -110.5, activeUnits: 12 })];
  if (version < 3) {
    db.prepare(`INSERT INTO runs (${runColumns}, tags) VALUES (${runValues.map(() => '?').join(', ')}, ?)`).run(...runValues, tagsJson);
  } else {
    db.prepare(`INSERT INTO runs (${runColumns}) VALUES (${runValues.map(() => '?').join(', ')})`).run(...runValues);
    const tag = db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
    tag.run(RUN_ID, 'baseline');
    tag.run(RUN_ID, 'mnist');
  }
  const metric = db.prepare('INSERT INTO metrics (run_id, key, step, epoch, wall_time, value) VALUES (?, ?, ?, ?, ?, ?)');
  for (const point of legacyPoints()) metric.run(RUN_ID, point.key, point.step, point.epoch, point.wallTime, point.value);
  if (version >= 2) {
    const snapshot = db.prepare('INSERT INTO snapshots (run_id, epoch, kind, created_at, meta, json_data, blob_data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    snapshot.run(RUN_ID, 3, 'kl_per_dim', 1_690_000_500_000, '{}', JSON.stringify([0.1, 2.5, 0]), null);
    snapshot.run(RUN_ID, 3, 'recon_grid', 1_690_000_500_000, JSON.stringify({ mediaType: 'image/png' }), null, Buffer.from([137, 80, 78, 71, 0, 255]));
    db.prepare('INSERT INTO checkpoints (run_id, epoch, step, path, created_at) VALUES (?, ?, ?, ?, ?)').run(RUN_ID, 5, 599, 'legacy/epoch-5', 1_690_000_800_000);
    db.prepare('INSERT INTO run_logs (run_id, at, level, line) VALUES (?, ?, ?, ?)').run(RUN_ID, 1_690_000_000_500, 'info', 'epoch 1 done');
  }
}

function buildDatabaseAt(version: number): string {
  const path = join(temporaryFolder(), `v${version}.sqlite`);
  const db = new Database(path);
  // Metrics live in the v1-v3 `metrics` table; a later version gets its data through the real
  // migrations from version 3, as a database written then and upgraded since would have it.
  const seededAt = Math.min(version, 3);
  migrate(db, seededAt);
  if (version > 0) db.transaction(() => seedLegacyData(db, seededAt))();
  migrate(db, version);
  expect(readSchemaVersion(db)).toBe(version);
  db.close();
  return path;
}

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('schema migrations', () => {
  const freshSchema = () => {
    const store = freshStore();
    const path = store.path;
    store.close();
    return schemaRows(path);
  };

  it('knows six versions and keeps the writer and the v4 migration on the same tile levels', () => {
    expect(SCHEMA_VERSION).toBe(6);
    expect(TILE_LEVELS).toEqual(Array.from({ length: 13 }, (_, index) => index + 4));
  });

  for (let version = 0; version < SCHEMA_VERSION; version++) {
    it(`upgrades a version ${version} database, keeping its data and matching a fresh schema`, () => {
      const path = buildDatabaseAt(version);
      const store = track(openRunStore(path, { synchronous: 'normal' }));

      if (version > 0) {
        const run = store.getRun(RUN_ID);
        expect(run).toMatchObject({
          name: 'legacy run',
          status: 'completed',
          config: CONFIG,
          seed: 42,
          backend: 'wasm',
          datasetHash: 'ab'.repeat(32),
          startedAt: 1_690_000_001_000,
          endedAt: 1_690_000_900_000,
          tags: ['baseline', 'mnist'],
          notes: 'first try with warm-up',
          summary: { elbo: -110.5, activeUnits: 12 },
        });
        expect(store.listRuns({ search: 'warm' }).runs.map((r) => r.id)).toEqual([RUN_ID]);
        expect(store.listRuns({ tag: 'mnist' }).total).toBe(1);

        // The migrated points and tiles answer exactly as points appended through today's writer do.
        const exported = store.exportRunJson(RUN_ID).metrics;
        const reference = track(openRunStore(join(temporaryFolder(), 'reference.sqlite'), { synchronous: 'normal' }));
        const referenceRun = reference.createRun({ name: 'reference', config: {}, seed: 0 });
        reference.appendMetrics(referenceRun.id, legacyPoints());
        expect(exported).toEqual(reference.exportRunJson(referenceRun.id).metrics);
        for (const buckets of [2, 7, 50, 2000]) {
          expect(store.getSeries(RUN_ID, 'train/loss', { buckets })).toEqual(reference.getSeries(referenceRun.id, 'train/loss', { buckets }));
        }
        expect(store.compareRuns([RUN_ID]).metrics).toEqual(reference.compareRuns([referenceRun.id]).metrics);

        if (version >= 2) {
          expect(store.getSnapshot(RUN_ID, 'kl_per_dim', 3).data).toEqual([0.1, 2.5, 0]);
          expect(store.getSnapshot(RUN_ID, 'recon_grid', 3).data).toEqual(new Uint8Array([137, 80, 78, 71, 0, 255]));
          expect(store.listCheckpoints(RUN_ID)).toEqual([{ runId: RUN_ID, epoch: 5, step: 599, path: 'legacy/epoch-5', createdAt: 1_690_000_800_000 }]);
          expect(store.getLogs(RUN_ID).map((line) => line.line)).toEqual(['epoch 1 done']);
        }
        // Deleting still cascades through every table the migrations created.
        store.deleteRun(RUN_ID);
      }
      expect(store.integrityCheck()).toEqual(['ok']);
      store.close();
      expect(schemaRows(path)).toEqual(freshSchema());
      const db = new Database(path, { readonly: true });
      expect(readSchemaVersion(db)).toBe(SCHEMA_VERSION);
      if (version > 0) {
        for (const table of ['metric_series', 'metric_points', 'metric_tiles', 'run_tags', 'snapshots', 'checkpoints', 'run_logs']) {
          expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
        }
      }
      db.close();
    });
  }

  it('rolls a failing migration back whole and leaves the version where it was', () => {
    const path = buildDatabaseAt(3);
    const db = new Database(path);
    // A metric row whose run does not exist (written with foreign keys off) fails v4's key check.
    db.pragma('foreign_keys = OFF');
    db.prepare('INSERT INTO metrics (run_id, key, step, epoch, wall_time, value) VALUES (?, ?, ?, ?, ?, ?)').run('missing-run', 'loss', 0, 0, 0, 1);
    db.close();
    expect(() => openRunStore(path)).toThrow(/from schema version 3 to 4 .*foreign-key violations/);
    const after = new Database(path, { readonly: true });
    expect(readSchemaVersion(after)).toBe(3);
    const tables = after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toContain('metrics');
    expect(tables).not.toContain('metric_series');
    after.close();
  });

  it('refuses a database written by a newer version and leaves the file untouched', () => {
    const store = freshStore();
    const path = store.path;
    store.close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    db.close();
    const before = fileHash(path);
    expect(() => openRunStore(path)).toThrow(new RegExp(`newer VAE Workbench \\(schema version ${SCHEMA_VERSION + 3}; this build reads up to ${SCHEMA_VERSION}\\)`));
    expect(fileHash(path)).toBe(before);
  });

  it("refuses another application's database and a file that is not SQLite at all", () => {
    const foreign = join(temporaryFolder(), 'other.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    db.close();
    const before = fileHash(foreign);
    expect(() => openRunStore(foreign)).toThrow(/is not a VAE Workbench run database/);
    expect(fileHash(foreign)).toBe(before);

    const garbage = join(temporaryFolder(), 'garbage.sqlite');
    writeFileSync(garbage, Buffer.alloc(4096, 7));
    expect(() => openRunStore(garbage)).toThrow(/is not a readable SQLite database/);
  });
});
