/**
 * The gradient lab's plot: for one parameter group, each estimator's variance (or SNR) against the
 * number of samples L, both axes logarithmic, so a variance falling as 1/L is a line of slope −1
 * (drawn dashed through each estimator's L = 1 point) and the estimators' gap is a vertical distance.
 * Pure.
 */
import type { EChartsOption } from 'echarts';
import { GRADIENT_ESTIMATOR_LABELS, GRADIENT_ESTIMATORS, snrNoiseFloor, type GradientLabResult } from '../../../shared/gradient-lab';
import { SERIES_PALETTE } from './chart-theme';

export type GradientLabMetric = 'variance' | 'snr';

export const TOTAL_GROUP = 'all encoder parameters';

export function groupStats(result: GradientLabResult, group: string) {
  return result.rows.map((row) => ({ row, stats: group === TOTAL_GROUP ? row.total : row.groups.find((g) => g.group === group) }));
}

export function buildGradientLabOption(result: GradientLabResult, group: string, metric: GradientLabMetric): EChartsOption {
  const rows = groupStats(result, group);
  const series = GRADIENT_ESTIMATORS.flatMap((estimator, index) => {
    const color = SERIES_PALETTE[index % SERIES_PALETTE.length] as string;
    const points = rows
      .filter(({ row, stats }) => row.estimator === estimator && stats && Number.isFinite(stats[metric]) && stats[metric] > 0)
      .map(({ row, stats }) => [row.samples, stats?.[metric] ?? Number.NaN] as [number, number]);
    const name = GRADIENT_ESTIMATOR_LABELS[estimator];
    const measured = { type: 'line' as const, name, data: points, showSymbol: true, symbolSize: 7, lineStyle: { width: 2, color }, itemStyle: { color } };
    const first = points[0];
    const last = points[points.length - 1];
    if (metric !== 'variance' || !first || !last || first === last) return [measured];
    // The 1/L reference through the first point: where the measurements leave it, samples are not independent.
    const reference = {
      type: 'line' as const,
      name: `${name}: 1/L`,
      data: [first, [last[0], (first[1] * first[0]) / last[0]]],
      showSymbol: false,
      silent: true,
      lineStyle: { width: 1, type: 'dashed' as const, color, opacity: 0.6 },
      tooltip: { show: false },
    };
    return [measured, reference];
  });
  if (metric === 'snr') {
    // Below this, R estimates cannot tell an SNR from zero (snrNoiseFloor).
    const floor = snrNoiseFloor(result.replicates);
    series.push({
      type: 'line' as const,
      name: 'no-signal floor',
      data: [
        [Math.min(...result.samples), floor],
        [Math.max(...result.samples), floor],
      ],
      showSymbol: false,
      silent: true,
      lineStyle: { width: 1, type: 'dotted' as const, color: '#888', opacity: 0.9 },
      itemStyle: { color: '#888' },
      tooltip: { show: false },
    } as unknown as (typeof series)[number]);
  }
  return {
    animation: false,
    grid: { left: 72, right: 24, top: 40, bottom: 52 },
    legend: { top: 4, data: GRADIENT_ESTIMATORS.map((e) => GRADIENT_ESTIMATOR_LABELS[e]) },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; value: [number, number] };
        return `${p.seriesName}<br/>L = ${p.value[0]}<br/>${metric === 'variance' ? 'variance' : 'SNR |mean|/sd'} ${p.value[1].toPrecision(3)}`;
      },
    },
    xAxis: { type: 'log', logBase: 2, name: 'Samples per point L', nameLocation: 'middle', nameGap: 28, min: Math.min(...result.samples), max: Math.max(...result.samples) },
    yAxis: { type: 'log', name: metric === 'variance' ? 'Variance of one estimate (mean over coordinates)' : 'SNR |mean| / sd (mean over coordinates)', nameLocation: 'middle', nameGap: 56 },
    series,
  };
}
