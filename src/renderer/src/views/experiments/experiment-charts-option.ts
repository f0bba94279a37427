/**
 * The experiment view's charts: one metric per epoch for every variant, replicates drawn as their
 * mean with a ± sd band (a transparent lower line and a stacked band above it, ECharts' way), and a
 * scatter of a varied config field against a metric. Pure.
 */
import type { EChartsOption } from 'echarts';
import { SERIES_PALETTE } from '../../charts/chart-theme';
import type { FieldPoint, ReplicateBand } from './experiment-data';

export function buildBandsOption(bands: readonly ReplicateBand[], metricLabel: string): EChartsOption {
  const series = bands.flatMap((band, index) => {
    const color = SERIES_PALETTE[index % SERIES_PALETTE.length] as string;
    const stack = `band-${index}`;
    const line = {
      type: 'line' as const,
      name: band.variant,
      data: band.epochs.map((epoch, i) => [epoch, band.mean[i] as number]),
      lineStyle: { color, width: 1.5 },
      itemStyle: { color },
      symbolSize: 5,
    };
    if (band.replicates < 2) return [line];
    const lower = { type: 'line' as const, name: `${band.variant} (band)`, stack, data: band.epochs.map((epoch, i) => [epoch, (band.mean[i] as number) - (band.sd[i] as number)]), lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } };
    const width = { type: 'line' as const, name: `${band.variant} (band)`, stack, data: band.epochs.map((epoch, i) => [epoch, 2 * (band.sd[i] as number)]), lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.18 }, symbol: 'none', silent: true, tooltip: { show: false } };
    return [lower, width, line];
  });
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 40, bottom: 44 },
    legend: { top: 4, type: 'scroll', data: bands.map((band) => band.variant) },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'Epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1 },
    yAxis: { type: 'value', name: `${metricLabel} (validation)`, nameLocation: 'middle', nameGap: 48, scale: true },
    series,
  };
}

export function buildFieldScatterOption(points: readonly FieldPoint[], categories: readonly string[] | null, field: string, metricLabel: string): EChartsOption {
  const variants = [...new Set(points.map((p) => p.variant))];
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    legend: { top: 4, type: 'scroll' },
    tooltip: { trigger: 'item', formatter: (params: unknown) => {
      const p = params as { seriesName: string; data: [number, number, string] };
      return `${p.seriesName}<br/>${field} = ${p.data[2]}<br/>${metricLabel} ${p.data[1].toFixed(3)}`;
    } },
    xAxis: categories
      ? { type: 'category', data: [...categories], name: field, nameLocation: 'middle', nameGap: 30 }
      : { type: 'value', name: field, nameLocation: 'middle', nameGap: 30, scale: true },
    yAxis: { type: 'value', name: `${metricLabel} (validation)`, nameLocation: 'middle', nameGap: 48, scale: true },
    series: variants.map((variant, index) => ({
      type: 'scatter' as const,
      name: variant,
      symbolSize: 9,
      itemStyle: { color: SERIES_PALETTE[index % SERIES_PALETTE.length] as string },
      data: points.filter((p) => p.variant === variant).map((p) => [categories ? p.xLabel : p.x, p.y, p.xLabel]),
    })),
  };
}
