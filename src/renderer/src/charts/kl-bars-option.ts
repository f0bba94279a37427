/**
 * Option for the current KL per dimension as horizontal bars, one row per dimension in the same order
 * as the heatmap beside it, with the collapse threshold as a dashed line and collapsed dimensions in
 * grey. Pure.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { formatAxisValue, formatMetricValue } from '../lib/series/format';
import { COLLAPSED_COLORS, dimensionLabel, KL_GRID, klColor, validateThreshold } from './kl-scale';

export interface KlBarsInput {
  /** Current KL per dimension, nats. */
  kl: readonly number[];
  threshold: number;
  /** The host's verdict per dimension; default KL < threshold. */
  collapsed?: readonly boolean[];
  /** Row order (dimension indices); default 0..D−1. Pass the heatmap's order to line rows up. */
  order?: readonly number[];
  /** Log x axis (default): KL spans decades. Values ≤ the floor are drawn as empty bars. */
  logScale: boolean;
  showDimensionLabels: boolean;
}

export const THRESHOLD_LINE_COLOR = '#d9480f';

/** The log axis floor as a power of ten: the decade holding min(threshold / 100, smallest positive value). */
export function logFloorExponent(kl: readonly number[], threshold: number): number {
  let smallest = threshold / 100;
  for (const value of kl) if (value > 0 && value < smallest) smallest = value;
  return Math.floor(Math.log10(smallest));
}

/** 10^exponent as the exact decimal ("1e-4" parses to 1e-4; Math.pow(10, -4) is 9.999…e-5). */
export function powerOfTen(exponent: number): number {
  return Number(`1e${exponent}`);
}

/**
 * Bar length on the log scale, in decades above the floor. ECharts grows bars on a log axis from 1,
 * not from the axis minimum, so the bars are drawn on a linear axis of decades instead, with tick
 * labels written back as KL values: every bar starts at the floor.
 */
export function decadesAboveFloor(value: number, floorExponent: number): number {
  return Number.isFinite(value) && value > 0 ? Math.max(Math.log10(value) - floorExponent, 0) : 0;
}

export function isCollapsed(input: Pick<KlBarsInput, 'kl' | 'threshold' | 'collapsed'>, dimension: number): boolean {
  const verdict = input.collapsed?.[dimension];
  if (verdict !== undefined) return verdict;
  const value = input.kl[dimension] as number;
  return !(value >= input.threshold);
}

export function buildKlBarsOption(input: KlBarsInput): EChartsCoreOption {
  validateThreshold(input.threshold);
  if (input.collapsed && input.collapsed.length !== input.kl.length) {
    throw new RangeError(`KL bars: ${input.collapsed.length} collapse flags for ${input.kl.length} dimensions`);
  }
  const order = input.order ? [...input.order] : input.kl.map((_, dimension) => dimension);
  for (const dimension of order) {
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= input.kl.length) {
      throw new RangeError(`KL bars: order names dimension ${dimension}, but there are ${input.kl.length}`);
    }
  }
  const floorExponent = logFloorExponent(input.kl, input.threshold);
  const position = (value: number): number =>
    input.logScale ? decadesAboveFloor(value, floorExponent) : Number.isFinite(value) ? Math.max(value, 0) : 0;
  const data = order.map((dimension) => {
    const value = input.kl[dimension] as number;
    const shown = position(value);
    const collapsed = isCollapsed(input, dimension);
    return {
      value: shown,
      itemStyle: { color: collapsed ? COLLAPSED_COLORS.near : klColor(value, input.threshold) },
      collapsed,
    };
  });

  return {
    animation: false,
    grid: { top: KL_GRID.top, bottom: KL_GRID.bottom, left: input.showDimensionLabels ? 44 : 12, right: 28 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const { dataIndex } = params as { dataIndex: number };
        const dimension = order[dataIndex] ?? dataIndex;
        const value = input.kl[dimension] as number;
        const state = isCollapsed(input, dimension) ? ' · unused' : ' · active';
        return `${dimensionLabel(dimension)}<br><b>${formatMetricValue(value)} nats</b>${state}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      // Whole decades on the log scale; at least up to the threshold so its line is always on the axis.
      ...(input.logScale
        ? { interval: 1, max: (extent: { max: number }) => Math.ceil(Math.max(extent.max, position(input.threshold) + 1)) }
        : {}),
      name: input.logScale ? 'KL (nats, log)' : 'KL (nats)',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: {
        formatter: (value: number) => formatAxisValue(input.logScale ? powerOfTen(Math.round(value) + floorExponent) : value),
        hideOverlap: true,
      },
    },
    yAxis: {
      type: 'category',
      data: order.map(dimensionLabel),
      inverse: true,
      axisLabel: { show: input.showDimensionLabels, hideOverlap: true },
      axisTick: { show: false },
    },
    series: [
      {
        id: 'kl-bars',
        name: 'KL per dimension',
        type: 'bar',
        data: data.map(({ value, itemStyle }) => ({ value, itemStyle })),
        barCategoryGap: '20%',
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: THRESHOLD_LINE_COLOR, type: 'dashed', width: 1.5 },
          label: { formatter: `${formatMetricValue(input.threshold)} nats`, position: 'start', distance: 2 },
          data: [{ xAxis: position(input.threshold) }],
        },
      },
    ],
  };
}
