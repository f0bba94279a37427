/**
 * Recomputes the tiles covering a step range from the stored points, bottom level first. Appends
 * never need this (they merge new tiles in, see metric-writer.ts); rewriting steps that already exist,
 * as a run resumed from a checkpoint does, can lower a max or raise a min, which only a rebuild can do.
 */
import type { Db, Statement } from '../sqlite';
import { FIRST_TILE_LEVEL, TILE_LEVELS } from './tile-levels';

interface RangeParams {
  series: number;
  level: number;
  from: number;
  to: number;
}

export class TileRebuilder {
  private readonly deleteRange: Statement<[RangeParams]>;
  private readonly fromPoints: Statement<[RangeParams]>;
  private readonly fromLevelBelow: Statement<[RangeParams]>;

  constructor(db: Db) {
    // Every window whose start lies in [from >> L << L, to >> L << L] is replaced.
    this.deleteRange = db.prepare(`
      DELETE FROM metric_tiles
      WHERE series_id = $series AND level = $level
        AND tile_start BETWEEN ($from >> $level << $level) AND ($to >> $level << $level)`);
    this.fromPoints = db.prepare(`
      INSERT INTO metric_tiles
        SELECT $series, $level, step >> $level << $level, count(*), sum(value IS NULL), min(value), max(value),
               min(step), max(step)
        FROM metric_points
        WHERE series_id = $series
          AND step BETWEEN ($from >> $level << $level) AND ($to >> $level << $level) + (1 << $level) - 1
        GROUP BY step >> $level`);
    this.fromLevelBelow = db.prepare(`
      INSERT INTO metric_tiles
        SELECT $series, $level, tile_start >> $level << $level, sum(point_count), sum(nan_count),
               min(min_value), max(max_value), min(first_step), max(last_step)
        FROM metric_tiles
        WHERE series_id = $series AND level = $level - 1
          AND tile_start BETWEEN ($from >> $level << $level) AND ($to >> $level << $level) + (1 << $level) - 1
        GROUP BY tile_start >> $level`);
  }

  /** Call inside the transaction that changed the points. */
  rebuild(seriesId: number, fromStep: number, toStep: number): void {
    for (const level of TILE_LEVELS) {
      const params = { series: seriesId, level, from: fromStep, to: toStep };
      this.deleteRange.run(params);
      (level === FIRST_TILE_LEVEL ? this.fromPoints : this.fromLevelBelow).run(params);
    }
  }
}
