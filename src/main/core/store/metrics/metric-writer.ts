/**
 * appendMetrics: one transaction per batch, so a batch is stored whole or not at all. New steps (the
 * normal case) are plain multi-row INSERTs plus a merge of the batch's tiles into the pyramid;
 * steps that already exist are replaced and the tiles over them rebuilt from the points.
 */
import type { MetricPoint } from '../../../../shared/runs';
import type { Db, Statement } from '../sqlite';
import { ChunkedInsert } from './chunked-insert';
import { assertValidPoints, groupByKey } from './metric-validation';
import { TileRebuilder } from './tile-rebuild';
import { tilesOfSortedPoints, TOP_TILE_LEVEL, type Tile } from './tile-levels';

export interface AppendResult {
  /** Points written after collapsing repeated steps within the batch. */
  points: number;
  keys: number;
}

const POINT_COLUMNS = 'INSERT INTO metric_points (series_id, step, epoch, wall_time, value) VALUES';
const fillPoint = (args: unknown[], offset: number, point: MetricPoint, seriesId: number) => {
  args[offset] = seriesId;
  args[offset + 1] = point.step;
  args[offset + 2] = point.epoch;
  args[offset + 3] = point.wallTime;
  args[offset + 4] = point.value;
};

const TILE_COLUMNS =
  'INSERT INTO metric_tiles (series_id, level, tile_start, point_count, nan_count, min_value, max_value, first_step, last_step) VALUES';
const fillTile = (args: unknown[], offset: number, tile: Tile, seriesId: number) => {
  args[offset] = seriesId;
  args[offset + 1] = tile.level;
  args[offset + 2] = tile.start;
  args[offset + 3] = tile.count;
  args[offset + 4] = tile.nanCount;
  args[offset + 5] = tile.min;
  args[offset + 6] = tile.max;
  args[offset + 7] = tile.firstStep;
  args[offset + 8] = tile.lastStep;
};

export class MetricWriter {
  private readonly selectSeries: Statement<[string, string], { id: number }>;
  private readonly insertSeries: Statement<[string, string], { id: number }>;
  private readonly selectLastStep: Statement<[number], { lastStep: number }>;
  private readonly insertPoints: ChunkedInsert<MetricPoint, number>;
  private readonly replacePoints: ChunkedInsert<MetricPoint, number>;
  private readonly mergeTiles: ChunkedInsert<Tile, number>;
  private readonly insertTiles: ChunkedInsert<Tile, number>;
  private readonly rebuilder: TileRebuilder;

  constructor(
    private readonly db: Db,
    private readonly requireRun: (runId: string) => void,
  ) {
    this.selectSeries = db.prepare('SELECT id FROM metric_series WHERE run_id = ? AND key = ?');
    this.insertSeries = db.prepare('INSERT INTO metric_series (run_id, key) VALUES (?, ?) RETURNING id');
    this.selectLastStep = db.prepare(
      `SELECT last_step AS lastStep FROM metric_tiles WHERE series_id = ? AND level = ${TOP_TILE_LEVEL} ORDER BY tile_start DESC LIMIT 1`,
    );
    this.insertPoints = new ChunkedInsert(db, POINT_COLUMNS, 5, '', fillPoint);
    this.replacePoints = new ChunkedInsert(
      db,
      POINT_COLUMNS,
      5,
      'ON CONFLICT (series_id, step) DO UPDATE SET epoch = excluded.epoch, wall_time = excluded.wall_time, value = excluded.value',
      fillPoint,
    );
    // New points never overlap stored ones here, so counts add and extremes combine. SQLite's
    // multi-argument min()/max() return NULL if any argument is NULL (an all-NaN tile), hence coalesce.
    this.mergeTiles = new ChunkedInsert(
      db,
      TILE_COLUMNS,
      9,
      `ON CONFLICT (series_id, level, tile_start) DO UPDATE SET
         point_count = point_count + excluded.point_count,
         nan_count = nan_count + excluded.nan_count,
         min_value = coalesce(min(min_value, excluded.min_value), min_value, excluded.min_value),
         max_value = coalesce(max(max_value, excluded.max_value), max_value, excluded.max_value),
         first_step = min(first_step, excluded.first_step),
         last_step = max(last_step, excluded.last_step)`,
      fillTile,
    );
    // An upsert costs about three plain inserts here, so only tiles that may already exist use it.
    this.insertTiles = new ChunkedInsert(db, TILE_COLUMNS, 9, '', fillTile);
    this.rebuilder = new TileRebuilder(db);
  }

  append(runId: string, points: readonly MetricPoint[]): AppendResult {
    assertValidPoints(points);
    const groups = groupByKey(points);
    let written = 0;
    this.db.transaction(() => {
      this.requireRun(runId);
      for (const [key, group] of groups) {
        this.appendSeries(this.seriesId(runId, key), group);
        written += group.length;
      }
    })();
    return { points: written, keys: groups.size };
  }

  private seriesId(runId: string, key: string): number {
    const existing = this.selectSeries.get(runId, key);
    if (existing) return existing.id;
    const created = this.insertSeries.get(runId, key);
    if (!created) throw new Error(`could not create metric series ${key} for run ${runId}`);
    return created.id;
  }

  /** `group` is sorted by strictly increasing step. */
  private appendSeries(seriesId: number, group: readonly MetricPoint[]): void {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return;
    const lastStep = this.selectLastStep.get(seriesId)?.lastStep;
    if (lastStep === undefined || first.step > lastStep) {
      this.insertPoints.run(group, seriesId);
      // Only the first tile of each level can hold stored points (those before `first`); the
      // later ones start after every stored step, so they are new rows.
      const tiles = tilesOfSortedPoints(group);
      const firstOfLevel = tiles.filter((tile, index) => index === 0 || tiles[index - 1]?.level !== tile.level);
      const rest = tiles.filter((tile, index) => index > 0 && tiles[index - 1]?.level === tile.level);
      this.mergeTiles.run(firstOfLevel, seriesId);
      this.insertTiles.run(rest, seriesId);
    } else {
      this.replacePoints.run(group, seriesId);
      this.rebuilder.rebuild(seriesId, first.step, last.step);
    }
  }
}
