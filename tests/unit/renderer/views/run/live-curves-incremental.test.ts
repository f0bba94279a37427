/**
 * The live Run view's data path, end to end without a DOM: the host's history and live points merged
 * as RunLive merges them (live-series), turned into the view's curves (run-curves), capped as
 * LossChart caps them (buildLossChartOption with one CappedSeriesCache across redraws). A growing
 * series must take CappedSeries' incremental path: earlier merged buckets are kept, not rebuilt.
 */
import { describe, expect, it } from 'vitest';
import { buildLossChartOption, type LossChartSettings, type MetricSeries } from '../../../../../src/renderer/src/charts/loss-chart-option';
import { mergeLivePoints, seriesByKey, type SeriesByKey } from '../../../../../src/renderer/src/lib/live-series';
import { capBuckets, DEFAULT_MAX_BUCKETS } from '../../../../../src/renderer/src/lib/series/cap-buckets';
import { CappedSeriesCache } from '../../../../../src/renderer/src/lib/series/capped-series';
import { heldOutCurves, trainingCurves } from '../../../../../src/renderer/src/views/run/run-curves';
import { metricKeysShownIn, TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import type { MetricPoint, Series } from '../../../../../src/shared/metric-series';

const DASHBOARD_KEYS = new Set(metricKeysShownIn('dashboard'));
const TRAINING_KEYS = [TRAIN_KEYS.loss, TRAIN_KEYS.recon, TRAIN_KEYS.kl, TRAIN_KEYS.beta];
const START = 1_750_000_000_000;
const settings: LossChartSettings = { x: 'step', smoothing: 0.6, logY: false, leftAxisName: 'nats', rightAxisName: 'β', maxBucketsPerSeries: DEFAULT_MAX_BUCKETS };

function stepPoints(step: number): MetricPoint[] {
  return TRAINING_KEYS.map((key, index) => ({ key, step, epoch: Math.floor(step / 469), wallTime: START + 30 * step, value: 100 / Math.sqrt(step + 1) + index }));
}

/** What getSeries answers for a run that has logged `steps` steps: one bucket per step (up to 2,000 the host sends as they are). */
function hostHistory(steps: number): Series[] {
  return TRAINING_KEYS.map((key) => {
    const points = Array.from({ length: steps }, (_, step) => stepPoints(step).find((point) => point.key === key) as MetricPoint);
    const buckets = points.map(({ step, epoch, wallTime, value }) => ({ step, stepEnd: step, epoch, wallTime, min: value, max: value, last: value, count: 1, nanCount: 0 }));
    return { key, points: buckets, totalPoints: steps, downsampled: false, bucketWidth: 1 };
  });
}

/** One LossChart: the same cache across redraws, as the component keeps it; returns the capped series it drew. */
function chart() {
  const cache = new CappedSeriesCache();
  return (curves: MetricSeries[]) => {
    buildLossChartOption(curves, settings, cache);
    // Asking again with the same arrays answers from the cache: what the redraw just capped.
    return cache.capAll(curves, settings.maxBucketsPerSeries);
  };
}

describe('the live Run view’s curves', () => {
  it('keep the merged history of a growing series from one redraw to the next', () => {
    const draw = chart();
    // Loaded as RunLive.load does, then live reports of a few steps each.
    let series: SeriesByKey = mergeLivePoints(seriesByKey(hostHistory(1500)), [], DASHBOARD_KEYS, { initial: true }).series;
    let drawn = draw(trainingCurves(series, false))[0] ?? [];
    // 1,500 buckets are merged in pairs to fit the chart's 1,000.
    expect(drawn).toHaveLength(750);
    for (let report = 0; report < 5; report++) {
      const from = 1500 + 3 * report;
      series = mergeLivePoints(series, [from, from + 1, from + 2].flatMap(stepPoints), DASHBOARD_KEYS).series;
      const loss = series[TRAIN_KEYS.loss] ?? [];
      const next = draw(trainingCurves(series, false))[0] ?? [];
      // Every merged bucket but the last is the very object of the previous redraw: only the end was merged again.
      const kept = drawn.length - 1;
      for (const index of [0, kept >> 1, kept - 1]) expect(next[index]).toBe(drawn[index]);
      expect(next).toEqual(capBuckets(loss, DEFAULT_MAX_BUCKETS));
      drawn = next;
    }
  });

  it('hand the chart the dashboard’s own buckets, so a short series is drawn from them as they are', () => {
    const draw = chart();
    const history = mergeLivePoints(seriesByKey(hostHistory(40)), [], DASHBOARD_KEYS, { initial: true }).series;
    const grown = mergeLivePoints(history, stepPoints(40), DASHBOARD_KEYS).series;
    draw(trainingCurves(history, false));
    const [loss] = draw(trainingCurves(grown, false));
    expect(loss).toBe(grown[TRAIN_KEYS.loss]);
    expect(loss?.[0]).toBe(history[TRAIN_KEYS.loss]?.[0]);
    expect(heldOutCurves(grown)).toEqual([]);
  });
});
