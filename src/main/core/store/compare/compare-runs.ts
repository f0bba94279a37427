/** compareRuns: the runs side by side, their config differences, and every metric's last/best/min/max. */
import { metricDirection } from '../../../../shared/metric-keys';
import type { RunComparison, RunRecord } from '../../../../shared/runs';
import type { SeriesStatsReader } from '../metrics/series-stats';
import { badRequest } from '../store-errors';
import { diffConfigs } from './config-diff';

export const MAX_COMPARED_RUNS = 50;

export function compareRuns(ids: readonly string[], getRun: (id: string) => RunRecord, stats: SeriesStatsReader): RunComparison {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_COMPARED_RUNS) {
    throw badRequest(`compare needs 1..${MAX_COMPARED_RUNS} run ids`);
  }
  if (new Set(ids).size !== ids.length) throw badRequest('compare got the same run id twice');
  const runs = ids.map(getRun);
  const statsByRun = runs.map((run) => stats.statsOf(run.id));
  const keys = [...new Set(statsByRun.flatMap((byKey) => [...byKey.keys()]))].sort();
  return {
    runs,
    configDiff: diffConfigs(runs.map((run) => run.config)),
    metrics: keys.map((key) => ({
      key,
      direction: metricDirection(key),
      runs: statsByRun.map((byKey) => byKey.get(key) ?? null),
    })),
  };
}
