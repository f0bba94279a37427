/**
 * Version 4: long runs made the run page slow, because downsampling a million points meant scanning a
 * million rows. Metrics now live per series (run, key) under an integer id, and every series keeps a
 * pyramid of "tiles": for each level L in 4..16, one row per aligned step window [k·2^L, (k+1)·2^L)
 * that holds points, with the count, NaN count, min, max (NaN skipped), first and last step.
 * Downsampling groups a few thousand tiles instead of a million points (see series-reader.ts).
 *
 * metric_points and metric_tiles carry no FOREIGN KEY: the per-row parent lookup nearly halves ingest
 * speed. The trigger on metric_series (itself cascaded from runs) deletes a series' rows instead.
 */
import type { Migration } from './migration';

/** Tile levels as of version 4; the writer's TILE_LEVELS must stay equal to this (a test checks). */
const LEVELS = Array.from({ length: 13 }, (_, index) => index + 4);

export const v4MetricSeriesAndTiles: Migration = {
  version: 4,
  description: 'metric series with a tile pyramid for fast downsampling',
  up(db) {
    db.exec(`
      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        UNIQUE (run_id, key)
      );

      -- value NULL encodes NaN; ±Inf are stored as REALs.
      CREATE TABLE metric_points (
        series_id INTEGER NOT NULL,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        wall_time INTEGER NOT NULL,
        value REAL,
        PRIMARY KEY (series_id, step)
      ) WITHOUT ROWID;

      -- Tile width is 2^level steps; min_value/max_value are NULL when every value in it is NaN.
      CREATE TABLE metric_tiles (
        series_id INTEGER NOT NULL,
        level INTEGER NOT NULL,
        tile_start INTEGER NOT NULL,
        point_count INTEGER NOT NULL,
        nan_count INTEGER NOT NULL,
        min_value REAL,
        max_value REAL,
        first_step INTEGER NOT NULL,
        last_step INTEGER NOT NULL,
        PRIMARY KEY (series_id, level, tile_start)
      ) WITHOUT ROWID;

      CREATE TRIGGER metric_series_delete AFTER DELETE ON metric_series BEGIN
        DELETE FROM metric_points WHERE series_id = old.id;
        DELETE FROM metric_tiles WHERE series_id = old.id;
      END;

      INSERT INTO metric_series (run_id, key) SELECT DISTINCT run_id, key FROM metrics ORDER BY run_id, key;
      INSERT INTO metric_points (series_id, step, epoch, wall_time, value)
        SELECT series.id, metrics.step, metrics.epoch, metrics.wall_time, metrics.value
        FROM metrics JOIN metric_series AS series ON series.run_id = metrics.run_id AND series.key = metrics.key;
      DROP TABLE metrics;
    `);

    const [firstLevel] = LEVELS;
    db.prepare(
      `INSERT INTO metric_tiles
         SELECT series_id, $level, step >> $level << $level, count(*), sum(value IS NULL), min(value), max(value),
                min(step), max(step)
         FROM metric_points GROUP BY series_id, step >> $level`,
    ).run({ level: firstLevel });
    const fromLevelBelow = db.prepare(
      `INSERT INTO metric_tiles
         SELECT series_id, $level, tile_start >> $level << $level, sum(point_count), sum(nan_count), min(min_value),
                max(max_value), min(first_step), max(last_step)
         FROM metric_tiles WHERE level = $level - 1 GROUP BY series_id, tile_start >> $level`,
    );
    for (const level of LEVELS.slice(1)) fromLevelBelow.run({ level });
  },
};
