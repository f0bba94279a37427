/** Every point of a run, series by series, as columns (exports and bundles read them this way). */
import { realFromSql, type Db, type Statement } from '../sqlite';

export interface SeriesColumns {
  key: string;
  steps: number[];
  epochs: number[];
  wallTimes: number[];
  /** NaN and ±Infinity as they were logged. */
  values: number[];
}

type Row = [key: string, step: number, epoch: number, wallTime: number, value: number | null];

export class MetricColumnsReader {
  private readonly selectPoints: Statement<[string], Row>;

  constructor(db: Db) {
    this.selectPoints = db
      .prepare(
        `SELECT series.key, point.step, point.epoch, point.wall_time, point.value
         FROM metric_series AS series JOIN metric_points AS point ON point.series_id = series.id
         WHERE series.run_id = ? ORDER BY series.key, point.step`,
      )
      .raw() as Statement<[string], Row>;
  }

  /** Series sorted by key, points by step. */
  read(runId: string): SeriesColumns[] {
    const all: SeriesColumns[] = [];
    let current: SeriesColumns | undefined;
    for (const [key, step, epoch, wallTime, value] of this.selectPoints.iterate(runId)) {
      if (current === undefined || current.key !== key) {
        current = { key, steps: [], epochs: [], wallTimes: [], values: [] };
        all.push(current);
      }
      current.steps.push(step);
      current.epochs.push(epoch);
      current.wallTimes.push(wallTime);
      current.values.push(realFromSql(value));
    }
    return all;
  }
}
