/**
 * Where the latent explorer's scatter puts things on its canvas: the plot box inside the margins
 * that leave room for the legend, the tick labels and the axis names; the linear map from data to
 * pixels; and the ticks, at "nice" steps as ECharts places them on a value axis. Pure.
 */
import { number as echartsNumber } from 'echarts/core';
import type { PixelTransform } from './nearest-point';

/** Margins around the plot box in CSS pixels: the same as the ECharts option's grid (figure exports). */
export const SCATTER_MARGINS = { top: 36, bottom: 44, left: 56, right: 16 } as const;

export interface ScatterFrame {
  /** The plot box in CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  xExtent: readonly [number, number];
  yExtent: readonly [number, number];
  /** Data → CSS pixels (y grows upwards in data, downwards on screen). */
  transform: PixelTransform;
  xTicks: number[];
  yTicks: number[];
}

/** The extents fill the plot box inside the margins of a `width` × `height` canvas. */
export function scatterFrame(width: number, height: number, xExtent: readonly [number, number], yExtent: readonly [number, number]): ScatterFrame {
  const left = SCATTER_MARGINS.left;
  const top = SCATTER_MARGINS.top;
  const plotWidth = Math.max(1, width - SCATTER_MARGINS.left - SCATTER_MARGINS.right);
  const plotHeight = Math.max(1, height - SCATTER_MARGINS.top - SCATTER_MARGINS.bottom);
  const xSpan = xExtent[1] - xExtent[0] || 1;
  const ySpan = yExtent[1] - yExtent[0] || 1;
  const scaleX = plotWidth / xSpan;
  const scaleY = -plotHeight / ySpan;
  return {
    left,
    top,
    width: plotWidth,
    height: plotHeight,
    xExtent,
    yExtent,
    transform: { scaleX, offsetX: left - xExtent[0] * scaleX, scaleY, offsetY: top + plotHeight - yExtent[0] * scaleY },
    xTicks: niceTicks(xExtent[0], xExtent[1]),
    yTicks: niceTicks(yExtent[0], yExtent[1]),
  };
}

/** 1, 2, 3, 5 or 10 times a power of ten, the nearest to `value`: ECharts' own rounding for value axes. */
export function niceStep(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  return echartsNumber.nice(value, true);
}

/** Multiples of a nice step (about `splitNumber` of them across the span) within [min, max]. */
export function niceTicks(min: number, max: number, splitNumber = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const step = niceStep((max - min) / splitNumber);
  // Rounded to the step's own decimals, so 0.1 + 0.2 is written 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}
