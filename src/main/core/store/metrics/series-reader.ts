/**
 * getSeries: a metric series downsampled in SQL to at most N buckets keeping min, max and last, so a
 * one-step spike still shows at any zoom. The GROUP BY runs over the tiles of the level planBuckets
 * picked (whole tiles inside the range) plus the raw points at the two ragged ends of the range; the
 * bucket's last point (epoch, wall time, value) is then read by primary key.
 */
import type { Series, SeriesBucket, SeriesQuery } from '../../../../shared/metric-series';
import { realFromSql, type Db, type Statement } from '../sqlite';
import { badRequest } from '../store-errors';
import { DEFAULT_BUCKETS, MAX_BUCKETS, MIN_BUCKETS, planBuckets } from './bucket-plan';
import { TOP_TILE_LEVEL } from './tile-levels';

type BucketRow = [
  step: number,
  stepEnd: number,
  epoch: number,
  wallTime: number,
  min: number | null,
  max: number | null,
  last: number | null,
  count: number,
  nanCount: number,
];
type PointRow = [step: number, epoch: number, wallTime: number, value: number | null];

interface GroupParams {
  series: number;
  width: bigint;
  level: number;
  tilesFrom: number;
  tilesTo: number;
  headFrom: number;
  headTo: number;
  tailFrom: number;
  tailTo: number;
}

export class SeriesReader {
  private readonly selectSeries: Statement<[string, string], { id: number }>;
  private readonly selectKeys: Statement<[string], string>;
  private readonly selectExtent: Statement<[number], { first: number | null; last: number | null; count: number | null }>;
  private readonly selectPoints: Statement<[number, number, number], PointRow>;
  private readonly selectBuckets: Statement<[GroupParams], BucketRow>;

  constructor(
    db: Db,
    private readonly requireRun: (runId: string) => void,
  ) {
    this.selectSeries = db.prepare('SELECT id FROM metric_series WHERE run_id = ? AND key = ?');
    this.selectKeys = db.prepare('SELECT key FROM metric_series WHERE run_id = ? ORDER BY key').pluck() as Statement<[string], string>;
    this.selectExtent = db.prepare(`
      SELECT min(first_step) AS first, max(last_step) AS last, sum(point_count) AS count
      FROM metric_tiles WHERE series_id = ? AND level = ${TOP_TILE_LEVEL}`);
    this.selectPoints = db
      .prepare('SELECT step, epoch, wall_time, value FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ? ORDER BY step')
      .raw() as Statement<[number, number, number], PointRow>;
    // $width is bound as a BigInt so that "/" is integer division.
    this.selectBuckets = db
      .prepare(
        `SELECT g.step, g.step_end, last.epoch, last.wall_time, g.min, g.max, last.value, g.count, g.nan_count
         FROM (
           SELECT min(first_step) AS step, max(last_step) AS step_end, min(min_value) AS min, max(max_value) AS max,
                  sum(point_count) AS count, sum(nan_count) AS nan_count
           FROM (
             SELECT tile_start / $width AS bucket, first_step, last_step, min_value, max_value, point_count, nan_count
               FROM metric_tiles
               WHERE series_id = $series AND level = $level AND tile_start >= $tilesFrom AND tile_start < $tilesTo
             UNION ALL
             SELECT step / $width, step, step, value, value, 1, value IS NULL
               FROM metric_points WHERE series_id = $series AND step BETWEEN $headFrom AND $headTo
             UNION ALL
             SELECT step / $width, step, step, value, value, 1, value IS NULL
               FROM metric_points WHERE series_id = $series AND step BETWEEN $tailFrom AND $tailTo
           )
           GROUP BY bucket
         ) AS g
         JOIN metric_points AS last ON last.series_id = $series AND last.step = g.step_end
         ORDER BY g.step`,
      )
      .raw() as Statement<[GroupParams], BucketRow>;
  }

  /** Metric keys the run has logged, sorted. */
  listKeys(runId: string): string[] {
    this.requireRun(runId);
    return this.selectKeys.all(runId);
  }

  getSeries(runId: string, key: string, query: SeriesQuery = {}): Series {
    const buckets = query.buckets ?? DEFAULT_BUCKETS;
    if (!Number.isInteger(buckets) || buckets < MIN_BUCKETS || buckets > MAX_BUCKETS) {
      throw badRequest(`buckets must be an integer in ${MIN_BUCKETS}..${MAX_BUCKETS}, got ${buckets}`);
    }
    for (const [name, step] of [['fromStep', query.fromStep], ['toStep', query.toStep]] as const) {
      if (step !== undefined && (!Number.isSafeInteger(step) || step < 0)) {
        throw badRequest(`${name} must be a non-negative integer, got ${step}`);
      }
    }
    this.requireRun(runId);
    const empty: Series = { key, points: [], totalPoints: 0, downsampled: false, bucketWidth: 1 };
    const series = this.selectSeries.get(runId, key);
    if (!series) return empty;
    const extent = this.selectExtent.get(series.id);
    if (!extent || extent.first === null || extent.last === null) return empty;
    const fromStep = Math.max(query.fromStep ?? extent.first, extent.first);
    const toStep = Math.min(query.toStep ?? extent.last, extent.last);
    if (fromStep > toStep) return empty;

    const plan = planBuckets(fromStep, toStep, buckets);
    if (plan.width === 1) return this.rawSeries(key, series.id, fromStep, toStep);
    const grouped = this.groupedBuckets(series.id, fromStep, toStep, plan.width, plan.level);
    const totalPoints = grouped.reduce((sum, bucket) => sum + bucket.count, 0);
    // Few points spread over many steps: send them as they are rather than merged.
    if (totalPoints <= buckets && totalPoints > grouped.length) return this.rawSeries(key, series.id, fromStep, toStep);
    const downsampled = totalPoints > grouped.length;
    return { key, points: grouped, totalPoints, downsampled, bucketWidth: downsampled ? plan.width : 1 };
  }

  private rawSeries(key: string, seriesId: number, fromStep: number, toStep: number): Series {
    const points = this.selectPoints.all(seriesId, fromStep, toStep).map(([step, epoch, wallTime, stored]): SeriesBucket => {
      const value = realFromSql(stored);
      return { step, stepEnd: step, epoch, wallTime, min: value, max: value, last: value, count: 1, nanCount: stored === null ? 1 : 0 };
    });
    return { key, points, totalPoints: points.length, downsampled: false, bucketWidth: 1 };
  }

  private groupedBuckets(seriesId: number, fromStep: number, toStep: number, width: number, level: number | null): SeriesBucket[] {
    // Level -1 matches no tile and the empty tail range [1, 0] no point: every point comes from the head.
    const pointsOnly = { level: -1, tilesFrom: 0, tilesTo: 0, headFrom: fromStep, headTo: toStep, tailFrom: 1, tailTo: 0 };
    let ranges = pointsOnly;
    if (level !== null) {
      // Whole tiles inside [fromStep, toStep] come from the pyramid; the partial tiles at either end
      // (a zoomed range rarely starts on a tile boundary) come from the points.
      const tileWidth = 2 ** level;
      const tilesFrom = Math.ceil(fromStep / tileWidth) * tileWidth;
      const tilesTo = Math.floor((toStep + 1) / tileWidth) * tileWidth;
      if (tilesFrom < tilesTo) ranges = { level, tilesFrom, tilesTo, headFrom: fromStep, headTo: tilesFrom - 1, tailFrom: tilesTo, tailTo: toStep };
    }
    const params: GroupParams = { series: seriesId, width: BigInt(width), ...ranges };
    return this.selectBuckets.all(params).map(
      ([step, stepEnd, epoch, wallTime, min, max, last, count, nanCount]): SeriesBucket => ({
        step,
        stepEnd,
        epoch,
        wallTime,
        min: realFromSql(min),
        max: realFromSql(max),
        last: realFromSql(last),
        count,
        nanCount,
      }),
    );
  }
}
