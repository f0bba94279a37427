/**
 * The rate–distortion plane (Alemi et al. 2018, "Fixing a Broken ELBO"): each run's evaluations as
 * a path in (rate R = KL, distortion D = reconstruction), both nats per example on the split they
 * were measured on. Every point on a line D + βR = c scores the same β-weighted objective, so the
 * dashed β-line through a run's last point shows what its objective trades: a steeper line (larger
 * β) buys lower rate with more distortion. The ELBO is −(D + R); points on one diagonal (β = 1)
 * have the same ELBO. Pure.
 */
import type { EChartsOption } from 'echarts';
import type { EvaluationSplit } from '../../../shared/training-report';
import { SERIES_PALETTE } from './chart-theme';

export interface RatePoint {
  epoch: number;
  rate: number;
  distortion: number;
}

export interface RateDistortionRun {
  name: string;
  /** The objective's final KL weight: the slope of the run's β-line. */
  beta: number;
  split: EvaluationSplit;
  points: readonly RatePoint[];
}

const fmt = (value: number) => value.toFixed(2);

/** The β-line D = c − βR through (rate, distortion), clipped to the non-negative rate axis. */
export function betaLine(point: RatePoint, beta: number, maxRate: number): [number, number][] {
  const c = point.distortion + beta * point.rate;
  const end = beta > 0 ? Math.min(maxRate, c / beta) : maxRate;
  return [
    [0, c],
    [end, c - beta * end],
  ];
}

export function buildRateDistortionOption(runs: readonly RateDistortionRun[]): EChartsOption {
  const finite = runs.map((run) => ({ ...run, points: run.points.filter((p) => Number.isFinite(p.rate) && Number.isFinite(p.distortion)) }));
  const rates = finite.flatMap((run) => run.points.map((p) => p.rate));
  const maxRate = rates.length > 0 ? Math.max(...rates) * 1.15 + 0.5 : 1;
  const splits = [...new Set(finite.map((run) => run.split))];
  const series = finite.flatMap((run, index) => {
    const color = SERIES_PALETTE[index % SERIES_PALETTE.length] as string;
    const last = run.points[run.points.length - 1];
    const path = {
      type: 'line' as const,
      name: run.name,
      data: run.points.map((p) => ({ value: [p.rate, p.distortion], epoch: p.epoch })),
      showSymbol: true,
      symbolSize: 6,
      lineStyle: { width: 1.5, color },
      itemStyle: { color },
      emphasis: { focus: 'series' as const },
    };
    if (!last) return [path];
    const line = {
      type: 'line' as const,
      name: `${run.name}: β = ${run.beta} line`,
      data: betaLine(last, run.beta, maxRate),
      showSymbol: false,
      silent: true,
      lineStyle: { width: 1, type: 'dashed' as const, color, opacity: 0.6 },
      tooltip: { show: false },
    };
    return [path, line];
  });
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 36, bottom: 52 },
    legend: { top: 4, type: 'scroll', data: finite.map((run) => run.name) },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; data: { value: [number, number]; epoch: number } };
        const [rate, distortion] = p.data.value;
        return `${p.seriesName}, epoch ${p.data.epoch}<br/>rate (KL) ${fmt(rate)} nats<br/>distortion ${fmt(distortion)} nats<br/>−ELBO = D + R = ${fmt(rate + distortion)} nats`;
      },
    },
    xAxis: { type: 'value', name: `Rate: KL, nats (${splits.join(' / ')})`, nameLocation: 'middle', nameGap: 28, min: 0, max: Math.ceil(maxRate) },
    yAxis: { type: 'value', name: 'Distortion: −E log p(x|z), nats', nameLocation: 'middle', nameGap: 48, scale: true },
    series,
  };
}
