/** Per-series count, min, max and last value of a run, read from the top tile level (a handful of rows). */
import { metricDirection } from '../../../../shared/metric-keys';
import type { MetricStats } from '../../../../shared/runs';
import { realFromSql, type Db, type Statement } from '../sqlite';
import { TOP_TILE_LEVEL } from './tile-levels';

interface StatsRow {
  key: string;
  count: number;
  nanCount: number;
  min: number | null;
  max: number | null;
  lastStep: number;
  last: number | null;
}

export class SeriesStatsReader {
  private readonly selectStats: Statement<[string], StatsRow>;

  constructor(db: Db) {
    this.selectStats = db.prepare(`
      SELECT series.key, top.count, top.nanCount, top.min, top.max, top.lastStep, point.value AS last
      FROM metric_series AS series
      JOIN (
        SELECT series_id, sum(point_count) AS count, sum(nan_count) AS nanCount, min(min_value) AS min,
               max(max_value) AS max, max(last_step) AS lastStep
        FROM metric_tiles WHERE level = ${TOP_TILE_LEVEL} GROUP BY series_id
      ) AS top ON top.series_id = series.id
      JOIN metric_points AS point ON point.series_id = series.id AND point.step = top.lastStep
      WHERE series.run_id = ?
      ORDER BY series.key`);
  }

  /** Metric key -> stats, for every key the run logged. */
  statsOf(runId: string): Map<string, MetricStats> {
    const stats = new Map<string, MetricStats>();
    for (const row of this.selectStats.all(runId)) {
      const min = realFromSql(row.min);
      const max = realFromSql(row.max);
      stats.set(row.key, {
        count: row.count,
        nanCount: row.nanCount,
        lastStep: row.lastStep,
        last: realFromSql(row.last),
        best: metricDirection(row.key) === 'max' ? max : min,
        min,
        max,
      });
    }
    return stats;
  }
}
