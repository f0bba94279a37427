import { describe, expect, it } from 'vitest';
import { imageOfBatch, type ImageBatch } from '../../../../src/renderer/src/charts/image-grid-layout';
import { buildLossChartOption, SERIES_PART, type LossChartSettings, type MetricSeries } from '../../../../src/renderer/src/charts/loss-chart-option';
import { CappedSeriesCache } from '../../../../src/renderer/src/lib/series/capped-series';
import type { SeriesBucket } from '../../../../src/shared/metric-series';

interface OptionSeries {
  id: string;
  data: Float64Array | number[][];
  renderItem?: (params: { dataIndex: number }, api: { coord: (value: number[]) => number[] }) => { shape: { points: number[][] } } | null;
}

const settings: LossChartSettings = { x: 'step', smoothing: 0.6, logY: false, leftAxisName: 'nats', rightAxisName: 'β', maxBucketsPerSeries: 64 };

function bucket(step: number, value: number, spread = 1): SeriesBucket {
  return { step, stepEnd: step, epoch: 0, wallTime: 1_000_000 + step * 1000, min: value - spread, max: value + spread, last: value, count: 2, nanCount: 0 };
}

function seriesData(metrics: MetricSeries[], options: LossChartSettings, cache?: CappedSeriesCache): [string, number[]][] {
  const series = buildLossChartOption(metrics, options, cache).option['series'] as OptionSeries[];
  return series.map((item) => [item.id, item.data instanceof Float64Array ? Array.from(item.data) : item.data.flat()]);
}

describe('buildLossChartOption for a live chart', () => {
  it('draws the same series with the cache as without it while series grow and runs come and go', () => {
    const cache = new CappedSeriesCache();
    let a: SeriesBucket[] = [];
    let b: SeriesBucket[] = [];
    for (let update = 0; update < 200; update++) {
      a = [...a, bucket(a.length, 100 * Math.exp(-a.length / 80) + Math.sin(a.length))];
      if (update % 3 === 0) b = [...b, bucket(b.length, 50 + Math.cos(b.length))];
      const metrics: MetricSeries[] = [{ id: 'a', name: 'run A', buckets: a }];
      if (update < 150) metrics.push({ id: 'b', name: 'run B', buckets: b });
      expect(seriesData(metrics, settings, cache)).toEqual(seriesData(metrics, settings));
    }
  });

  it('places the envelope on a log axis through log10, from two api.coord calls per axis', () => {
    const metrics: MetricSeries[] = [{ id: 'loss', name: 'loss', buckets: [bucket(0, 10, 5), bucket(10, 100, 50), bucket(20, 1000, 500)] }];
    const series = buildLossChartOption(metrics, { ...settings, logY: true }).option['series'] as OptionSeries[];
    const envelope = series.find((item) => item.id === 'loss' + SERIES_PART.envelope);
    // A log axis as ECharts maps it: pixel y affine in log10(value); x affine in the value.
    let calls = 0;
    const logAxis = {
      coord: ([x = 0, y = 1]: number[]) => {
        calls++;
        return [3 + 2 * x, 300 - 40 * Math.log10(y)];
      },
    };
    const points = envelope?.renderItem?.({ dataIndex: 0 }, logAxis)?.shape.points ?? [];
    expect(calls).toBe(2);
    const expected = [
      [3, 300 - 40 * Math.log10(15)],
      [23, 300 - 40 * Math.log10(150)],
      [43, 300 - 40 * Math.log10(1500)],
      [43, 300 - 40 * Math.log10(500)],
      [23, 300 - 40 * Math.log10(50)],
      [3, 300 - 40 * Math.log10(5)],
    ];
    expect(points).toHaveLength(expected.length);
    points.forEach(([x = NaN, y = NaN], index) => {
      expect(x).toBeCloseTo(expected[index]?.[0] ?? NaN, 9);
      expect(y).toBeCloseTo(expected[index]?.[1] ?? NaN, 9);
    });
  });
});

describe('imageOfBatch', () => {
  it('is one image of the batch, sharing its pixels', () => {
    const batch: ImageBatch = { width: 2, height: 1, channels: 3, count: 3, pixels: Uint8Array.from({ length: 18 }, (_, i) => i) };
    const second = imageOfBatch(batch, 1);
    expect(second).toMatchObject({ width: 2, height: 1, channels: 3, count: 1 });
    expect(Array.from(second.pixels)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(second.pixels.buffer).toBe(batch.pixels.buffer);
    expect(() => imageOfBatch(batch, 3)).toThrow(/no image 3 in a batch of 3/);
  });
});
