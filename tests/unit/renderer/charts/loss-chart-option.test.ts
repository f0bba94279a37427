import { describe, expect, it } from 'vitest';
import { buildLossChartOption, SERIES_PART, type LossChartSettings, type MetricSeries } from '../../../../src/renderer/src/charts/loss-chart-option';
import type { SeriesBucket } from '../../../../src/shared/metric-series';

interface LineSeries {
  id: string;
  name: string;
  type: string;
  yAxisIndex: number;
  data: Float64Array | number[][];
  renderItem?: (params: { dataIndex: number }, api: { coord: (value: number[]) => number[] }) => { shape: { points: number[][] } } | null;
}

function buckets(values: number[], count = 1): SeriesBucket[] {
  return values.map((value, index) => ({
    step: index * count,
    stepEnd: index * count + count - 1,
    epoch: 0,
    wallTime: 1_000_000 + index * 1000,
    min: value - 0.1,
    max: value + 0.1,
    last: value,
    count,
    nanCount: 0,
  }));
}

const settings: LossChartSettings = { x: 'step', smoothing: 0.6, logY: false, leftAxisName: 'nats', rightAxisName: 'β', maxBucketsPerSeries: 2000 };

function seriesOf(metrics: MetricSeries[], overrides: Partial<LossChartSettings> = {}) {
  const model = buildLossChartOption(metrics, { ...settings, ...overrides });
  return { model, series: model.option['series'] as LineSeries[] };
}

describe('buildLossChartOption', () => {
  it('draws a smoothed line, a faint raw line and an envelope per metric, under one legend name', () => {
    const { model, series } = seriesOf([{ id: 'loss', name: 'loss', buckets: buckets([3, 2, 1], 10) }]);
    expect(series.map((item) => [item.id, item.type])).toEqual([
      ['loss' + SERIES_PART.smoothed, 'line'],
      ['loss' + SERIES_PART.raw, 'line'],
      ['loss' + SERIES_PART.envelope, 'custom'],
    ]);
    expect(new Set(series.map((item) => item.name))).toEqual(new Set(['loss']));
    expect(Array.from(series[1]?.data as Float64Array)).toEqual([9, 3, 19, 2, 29, 1]);
    // The envelope is one polygon: max forwards, then min backwards, drawn once for the whole series.
    const envelope = series[2];
    const identity = { coord: (value: number[]) => value };
    expect(Array.from(envelope?.data[0] as unknown as number[])).toEqual([9, 29, 0.9, 3.1]);
    expect(envelope?.renderItem?.({ dataIndex: 0 }, identity)?.shape.points.map(([x, y]) => [x, Number(y?.toFixed(6))])).toEqual([
      [9, 3.1],
      [19, 2.1],
      [29, 1.1],
      [29, 0.9],
      [19, 1.9],
      [9, 2.9],
    ]);
    expect((model.option['legend'] as { data: { name: string }[] }).data.map((entry) => entry.name)).toEqual(['loss']);
  });

  it('draws only the raw line when smoothing is off and no envelope for single-point buckets', () => {
    const { series } = seriesOf([{ id: 'kl', name: 'KL', buckets: buckets([3, 2, 1]) }], { smoothing: 0 });
    expect(series.map((item) => item.id)).toEqual(['kl' + SERIES_PART.raw]);
  });

  it('puts β on a linear right axis that stays linear when the left axis goes log', () => {
    const { model, series } = seriesOf(
      [
        { id: 'loss', name: 'loss', buckets: buckets([3, 2, 1]) },
        { id: 'beta', name: 'β', buckets: buckets([0, 0.5, 1]), axis: 'right' },
      ],
      { logY: true },
    );
    const yAxes = model.option['yAxis'] as { type: string; show?: boolean }[];
    expect(yAxes[0]?.type).toBe('log');
    expect(yAxes[1]).toMatchObject({ type: 'value', show: true });
    // β is a schedule: on the right axis it is drawn raw, unsmoothed, unless asked otherwise.
    expect(series.filter((item) => item.name === 'β').map((item) => item.id)).toEqual(['beta' + SERIES_PART.raw]);
    const beta = series.find((item) => item.id === 'beta' + SERIES_PART.raw);
    expect(beta?.yAxisIndex).toBe(1);
    // β = 0 is drawn (linear axis), nothing is reported hidden.
    expect(beta?.data).toHaveLength(6);
    expect(model.notes).toEqual([]);
  });

  it('merges the envelope per pixel column: lowest min and highest max, one point pair per column', () => {
    const { series } = seriesOf([{ id: 'loss', name: 'loss', buckets: buckets([3, 2, 1, 5], 10) }]);
    const envelope = series.find((item) => item.type === 'custom');
    // x 9, 19, 29, 39 → pixels 0.9, 1.9, 2.9, 3.9 → columns 1, 2, 3, 4 at /10; at /20 → 0, 1, 1, 2.
    const halfScale = { coord: ([x = 0, y = 0]: number[]) => [x / 20, y] };
    const points = envelope?.renderItem?.({ dataIndex: 0 }, halfScale)?.shape.points.map(([x, y]) => [x, Number(y?.toFixed(6))]);
    expect(points).toEqual([
      [0.45, 3.1],
      [1.45, 2.1],
      [1.95, 5.1],
      [1.95, 4.9],
      [1.45, 0.9],
      [0.45, 2.9],
    ]);
  });

  it('caps long series at maxBucketsPerSeries, turning the merged spread into an envelope', () => {
    const { series } = seriesOf([{ id: 'kl', name: 'KL', buckets: buckets(Array.from({ length: 1000 }, (_, i) => i % 7)) }], {
      smoothing: 0,
      maxBucketsPerSeries: 300,
    });
    // 1000 buckets → runs of 4 → 250 points, and the merged runs now have a spread to show.
    expect(series.map((item) => item.type)).toEqual(['line', 'custom']);
    expect(series[0]?.data).toHaveLength(500);
  });

  it('reports what the log axis hides', () => {
    const { model } = seriesOf([{ id: 'kl', name: 'KL', buckets: buckets([1, 0, 0.5]) }], { logY: true, smoothing: 0 });
    expect(model.notes).toEqual(['KL: 1 point ≤ 0 not shown on the log scale']);
  });

  it('overlays N runs for Compare with one legend entry per run', () => {
    const { model, series } = seriesOf(
      [
        { id: 'a:loss', name: 'run A', buckets: buckets([3, 2]) },
        { id: 'b:loss', name: 'run B', buckets: buckets([4, 1]) },
      ],
      { smoothing: 0 },
    );
    expect(series.map((item) => item.name)).toEqual(['run A', 'run B']);
    expect((model.option['legend'] as { data: { name: string }[] }).data.map((entry) => entry.name)).toEqual(['run A', 'run B']);
  });

  it('shows smoothed and raw values and the bucket range in the tooltip', () => {
    const { model } = seriesOf([{ id: 'loss', name: 'loss <1>', buckets: buckets([3, 2], 10) }]);
    const formatter = (model.option['tooltip'] as { formatter: (params: unknown) => string }).formatter;
    const html = formatter([
      { seriesId: 'loss' + SERIES_PART.smoothed, seriesName: 'loss <1>', marker: '●', value: [19, 2.4], axisValue: 19 },
      { seriesId: 'loss' + SERIES_PART.raw, seriesName: 'loss <1>', marker: '●', value: new Float64Array([19, 2]), axisValue: 19 },
    ]);
    expect(html).toContain('Step 19');
    expect(html).toContain('loss &#60;1&#62;: <b>2.4</b>');
    expect(html).toContain('raw 2, range 1.9 – 2.1');
  });
});
