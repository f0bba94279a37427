import { describe, expect, it } from 'vitest';
import { buildKlBarsOption, logFloorExponent, powerOfTen, THRESHOLD_LINE_COLOR } from '../../../../src/renderer/src/charts/kl-bars-option';
import { buildKlHeatmapOption } from '../../../../src/renderer/src/charts/kl-heatmap-option';
import { COLLAPSED_COLORS, dimensionOrder, klBands, klColor } from '../../../../src/renderer/src/charts/kl-scale';

describe('KL colour scale', () => {
  it('has grey decades under the threshold and colours from the threshold up', () => {
    const bands = klBands(0.01);
    expect(bands.map((band) => [band.gte, band.lt, band.collapsed])).toEqual([
      [null, 0.001, true],
      [0.001, 0.01, true],
      [0.01, 0.1, false],
      [0.1, 1, false],
      [1, 10, false],
      [10, null, false],
    ]);
    expect(klColor(0.0099, 0.01)).toBe(COLLAPSED_COLORS.near);
    expect(klColor(0.01, 0.01)).toBe(bands[2]?.color);
    expect(klColor(0, 0.01)).toBe(COLLAPSED_COLORS.deep);
    expect(klColor(-1e-6, 0.01)).toBe(COLLAPSED_COLORS.deep);
    expect(klColor(500, 0.01)).toBe(bands[5]?.color);
    expect(() => klBands(0)).toThrow(/threshold must be a positive number of nats, got 0/);
  });

  it('sorts dimensions by final KL, largest first, ties and NaN stable', () => {
    const kl = [
      [5, 5, 5, 5],
      [0.001, 2, Number.NaN, 2],
    ];
    expect(dimensionOrder(kl, true)).toEqual([1, 3, 0, 2]);
    expect(dimensionOrder(kl, false)).toEqual([0, 1, 2, 3]);
  });
});

describe('buildKlHeatmapOption', () => {
  it('puts one cell per epoch and dimension in the sorted row order', () => {
    const option = buildKlHeatmapOption({ epochs: [1, 2], klPerEpoch: [[0.5, 0.002], [0.004, 1.5]], threshold: 0.01, sortByFinal: true });
    expect((option['yAxis'] as { data: string[] }).data).toEqual(['z1', 'z0']);
    const series = option['series'] as { data: (number | string)[][] }[];
    expect(series[0]?.data).toEqual([
      [0, 0, 0.002],
      [0, 1, 0.5],
      [1, 0, 1.5],
      [1, 1, 0.004],
    ]);
    const pieces = (option['visualMap'] as { pieces: { gte?: number; lt?: number }[] }).pieces;
    expect(pieces).toHaveLength(6);
    expect(pieces[2]).toMatchObject({ gte: 0.01, lt: 0.1 });
  });

  it('leaves NaN cells empty and rejects ragged input by name', () => {
    const option = buildKlHeatmapOption({ epochs: [1], klPerEpoch: [[Number.NaN]], threshold: 0.01, sortByFinal: false });
    expect((option['series'] as { data: unknown[][] }[])[0]?.data).toEqual([[0, 0, '-']]);
    expect(() => buildKlHeatmapOption({ epochs: [1, 2], klPerEpoch: [[1, 2], [1]], threshold: 0.01, sortByFinal: false })).toThrow(
      /epoch 2 has 1 dimensions, expected 2/,
    );
    expect(() => buildKlHeatmapOption({ epochs: [1], klPerEpoch: [], threshold: 0.01, sortByFinal: false })).toThrow(/1 epochs but 0 rows/);
  });
});

describe('buildKlBarsOption', () => {
  const kl = [2.5, 0.0004, 0, 0.3];

  it('draws bars in decades above the log floor, collapsed rows grey, the threshold marked', () => {
    const option = buildKlBarsOption({ kl, threshold: 0.01, logScale: true, showDimensionLabels: true });
    const series = (option['series'] as { data: { value: number; itemStyle: { color: string } }[]; markLine: unknown }[])[0];
    expect(logFloorExponent(kl, 0.01)).toBe(-4);
    expect(powerOfTen(-4)).toBe(0.0001);
    // log10(2.5) + 4, log10(0.0004) + 4, 0 for KL = 0 (drawn empty), log10(0.3) + 4.
    const expected = [Math.log10(2.5) + 4, Math.log10(4), 0, Math.log10(0.3) + 4];
    series?.data.forEach((item, index) => expect(item.value).toBeCloseTo(expected[index] as number, 12));
    expect(series?.data.map((item) => item.itemStyle.color === COLLAPSED_COLORS.near)).toEqual([false, true, true, false]);
    expect(series?.markLine).toMatchObject({ data: [{ xAxis: 2 }], lineStyle: { color: THRESHOLD_LINE_COLOR } });
    const xAxis = option['xAxis'] as { min: number; interval: number; max: (extent: { max: number }) => number; axisLabel: { formatter: (value: number) => string } };
    expect([xAxis.min, xAxis.interval, xAxis.max({ max: 4.4 })]).toEqual([0, 1, 5]);
    expect([0, 2, 4].map((tick) => xAxis.axisLabel.formatter(tick))).toEqual(['1e-4', '0.01', '1']);
  });

  it('follows the host verdict and a given row order', () => {
    const option = buildKlBarsOption({
      kl,
      threshold: 0.01,
      collapsed: [false, false, true, true],
      order: [3, 0, 2, 1],
      logScale: false,
      showDimensionLabels: false,
    });
    expect((option['yAxis'] as { data: string[] }).data).toEqual(['z3', 'z0', 'z2', 'z1']);
    const colors = (option['series'] as { data: { itemStyle: { color: string } }[] }[])[0]?.data.map((item) => item.itemStyle.color);
    expect(colors?.map((color) => color === COLLAPSED_COLORS.near)).toEqual([true, false, true, false]);
    expect(() => buildKlBarsOption({ kl, threshold: 0.01, order: [7], logScale: true, showDimensionLabels: true })).toThrow(
      /order names dimension 7, but there are 4/,
    );
  });
});
