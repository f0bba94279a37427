/** Option for the dimension × epoch heatmap of KL per latent dimension (nats). Pure. */
import type { EChartsCoreOption } from 'echarts/core';
import { formatMetricValue } from '../lib/series/format';
import { dimensionLabel, dimensionOrder, KL_GRID, klBands, type KlByEpoch } from './kl-scale';

export interface KlHeatmapInput extends KlByEpoch {
  threshold: number;
  sortByFinal: boolean;
}

export function validateKlMatrix(epochs: readonly number[], klPerEpoch: readonly (readonly number[])[]): void {
  if (epochs.length !== klPerEpoch.length) {
    throw new RangeError(`KL heatmap: ${epochs.length} epochs but ${klPerEpoch.length} rows of KL per dimension`);
  }
  const dims = klPerEpoch[0]?.length ?? 0;
  klPerEpoch.forEach((row, index) => {
    if (row.length !== dims) {
      throw new RangeError(`KL heatmap: epoch ${epochs[index]} has ${row.length} dimensions, expected ${dims}`);
    }
  });
}

export function buildKlHeatmapOption(input: KlHeatmapInput): EChartsCoreOption {
  validateKlMatrix(input.epochs, input.klPerEpoch);
  const order = dimensionOrder(input.klPerEpoch, input.sortByFinal);
  const bands = klBands(input.threshold);
  const data: (number | string)[][] = [];
  input.klPerEpoch.forEach((row, epochIndex) => {
    order.forEach((dimension, rank) => {
      const value = row[dimension] as number;
      // '-' is ECharts' "no value": a NaN cell stays empty rather than taking a colour.
      data.push([epochIndex, rank, Number.isFinite(value) ? value : '-']);
    });
  });
  const collapsedBelow = input.threshold;

  return {
    animation: false,
    grid: { top: KL_GRID.top, bottom: KL_GRID.bottom, left: 44, right: 196 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const { value } = params as { value: [number, number, number | string] };
        const [epochIndex, rank, kl] = value;
        const dimension = order[rank] ?? rank;
        const state = typeof kl === 'number' && kl < collapsedBelow ? ` · below ${collapsedBelow} nats` : '';
        const shown = typeof kl === 'number' ? `${formatMetricValue(kl)} nats` : 'no value';
        return `${dimensionLabel(dimension)} · epoch ${input.epochs[epochIndex]}<br><b>${shown}</b>${state}`;
      },
    },
    xAxis: {
      type: 'category',
      data: input.epochs.map(String),
      name: 'Epoch',
      nameLocation: 'middle',
      nameGap: 28,
      splitArea: { show: false },
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      data: order.map(dimensionLabel),
      inverse: true,
      axisLabel: { hideOverlap: true },
    },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      seriesIndex: 0,
      orient: 'vertical',
      right: 4,
      top: 'middle',
      // Swatch first, label after: the labels grow away from the heatmap instead of into it.
      align: 'left',
      itemWidth: 14,
      itemHeight: 12,
      // Highest decade on top, like a colour bar; the threshold is the edge between grey and colour.
      inverse: true,
      itemGap: 6,
      pieces: bands.map((band) => ({
        ...(band.gte === null ? {} : { gte: band.gte }),
        ...(band.lt === null ? {} : { lt: band.lt }),
        color: band.color,
        label: band.label,
      })),
    },
    series: [
      {
        id: 'kl-heatmap',
        name: 'KL per dimension',
        type: 'heatmap',
        data,
        itemStyle: { borderWidth: 0 },
        emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
      },
    ],
  };
}
