/**
 * Option for a 2-D latent scatter coloured by class. One scatter series per class, so the legend
 * toggles classes and each series uses ECharts' large mode (one path per series, thousands of
 * points cheaply), its data a flat typed array of x, y pairs. The picked points carry their
 * original index as a third value. Pure.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { formatAxisValue } from '../lib/series/format';
import { SERIES_PALETTE } from './chart-theme';

export interface LatentPoints {
  /** count × 2, row-major: x0, y0, x1, y1, … (LatentSnapshot.projection). */
  points: ArrayLike<number>;
  /** One class label per point, or null when the data set has none. */
  labels: ArrayLike<number> | null;
}

export interface LatentScatterInput extends LatentPoints {
  /** Display names by label value, e.g. Fashion-MNIST's "T-shirt/top"; default the number. */
  classNames?: readonly string[];
  /** Indices of picked points (at most two), ringed and lettered A, B. */
  picked: readonly number[];
  xName: string;
  yName: string;
  symbolSize: number;
}

export const PICKED_SERIES_ID = 'picked';
export const HOVER_SERIES_ID = 'hover';
/**
 * From this many points per class ECharts draws the class as one path. Every class, in practice:
 * the chart finds the hovered point itself (it needs no per-point elements), and 2,000 points as
 * per-point elements cost ~40 ms a redraw in Chromium where large mode costs a few; the latent
 * explorer redraws on every epoch change.
 */
export const LARGE_THRESHOLD = 1;

export function pointCount(input: LatentPoints): number {
  if (input.points.length % 2 !== 0) {
    throw new RangeError(`latent points must be count × 2 numbers, got ${input.points.length}`);
  }
  const count = input.points.length / 2;
  if (input.labels && input.labels.length !== count) {
    throw new RangeError(`latent scatter: ${count} points but ${input.labels.length} labels`);
  }
  return count;
}

export function className(label: number, classNames: readonly string[] | undefined): string {
  return classNames?.[label] ?? (label < 0 ? 'unlabelled' : String(label));
}

/** The data extent with 5% padding, fixed per data set so axes never move while hovering. */
export function paddedExtent(values: ArrayLike<number>, offset: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < values.length; i += 2) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return [-1, 1];
  const pad = (max - min) * 0.05 || Math.abs(min) * 0.05 || 1;
  return [min - pad, max + pad];
}

export function buildLatentScatterOption(input: LatentScatterInput): EChartsCoreOption {
  const count = pointCount(input);
  // Each class's points as one flat typed array (x0, y0, x1, y1, …): ECharts takes it in large mode
  // without a point object each, and copies it in one go where an array of arrays is cloned point by
  // point. Two passes: count each class, then fill.
  const sizes = new Map<number, number>();
  const labelAt = (index: number): number => (input.labels ? (input.labels[index] as number) : -1);
  const finiteAt = (index: number): boolean => Number.isFinite(input.points[2 * index] as number) && Number.isFinite(input.points[2 * index + 1] as number);
  for (let index = 0; index < count; index++) if (finiteAt(index)) sizes.set(labelAt(index), (sizes.get(labelAt(index)) ?? 0) + 1);
  const byLabel = new Map<number, { xy: Float64Array; filled: number }>([...sizes].map(([label, size]) => [label, { xy: new Float64Array(2 * size), filled: 0 }]));
  for (let index = 0; index < count; index++) {
    if (!finiteAt(index)) continue;
    const bucket = byLabel.get(labelAt(index)) as { xy: Float64Array; filled: number };
    bucket.xy[bucket.filled++] = input.points[2 * index] as number;
    bucket.xy[bucket.filled++] = input.points[2 * index + 1] as number;
  }
  const labels = [...byLabel.keys()].sort((a, b) => a - b);
  const classSeries = labels.map((label, position) => ({
    id: `class-${label}`,
    name: className(label, input.classNames),
    type: 'scatter',
    data: byLabel.get(label)?.xy,
    dimensions: ['x', 'y'],
    symbolSize: input.symbolSize,
    // Squares: Chromium's software canvas rasterises 2,000 small circles ~6 ms slower per redraw
    // (measured, CPU time), and at five pixels the eye hardly tells them apart.
    symbol: 'rect',
    color: SERIES_PALETTE[(label >= 0 ? label : position) % SERIES_PALETTE.length],
    itemStyle: { opacity: 0.75 },
    large: true,
    largeThreshold: LARGE_THRESHOLD,
    // Hover is found by LatentScatter itself (large mode has none); ECharts' own hover would only flicker.
    silent: true,
    animation: false,
  }));
  const ring = (index: number, letter: string | null) => ({
    value: [input.points[2 * index], input.points[2 * index + 1], index],
    label: letter ? { show: true, formatter: letter, position: 'right', fontWeight: 'bold' } : { show: false },
  });
  const ringSeries = (id: string, items: ReturnType<typeof ring>[]) => ({
    id,
    type: 'scatter',
    data: items,
    symbol: 'circle',
    symbolSize: input.symbolSize * 3 + 4,
    // A dark ring with a white halo: visible on any class colour and on light and dark backgrounds.
    itemStyle: { color: 'transparent', borderColor: '#1c1d21', borderWidth: 2, shadowColor: '#ffffff', shadowBlur: 4 },
    silent: true,
    animation: false,
    z: 5,
  });
  const [xMin, xMax] = paddedExtent(input.points, 0);
  const [yMin, yMax] = paddedExtent(input.points, 1);
  const axis = (name: string, min: number, max: number) => ({
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 28,
    min,
    max,
    // The padded bounds are not round numbers: label the ticks only, and keep the axis lines at the edges.
    axisLabel: { formatter: (value: number) => formatAxisValue(value), hideOverlap: true, showMinLabel: false, showMaxLabel: false },
    axisLine: { onZero: false },
    splitLine: { lineStyle: { opacity: 0.6 } },
  });
  return {
    animation: false,
    // The margins leave room for the labels; ECharts need not measure them to fit the grid again on
    // every epoch change ('auto' lays every axis out twice: ~6 ms of a 2,000-point redraw).
    grid: { top: 36, bottom: 44, left: 56, right: 16, outerBoundsMode: 'none' },
    legend: { type: 'scroll', top: 4, left: 56, right: 16, data: labels.map((label) => className(label, input.classNames)) },
    xAxis: { ...axis(input.xName, xMin, xMax) },
    yAxis: { ...axis(input.yName, yMin, yMax), nameGap: 40 },
    series: [
      ...classSeries,
      ringSeries(
        PICKED_SERIES_ID,
        input.picked.filter((index) => index >= 0 && index < count).map((index, order) => ring(index, order === 0 ? 'A' : 'B')),
      ),
      ringSeries(HOVER_SERIES_ID, []),
    ],
  };
}

/** The scatter as a figure's ECharts option, the classes switched off in the legend (`hidden`) left out. */
export function latentScatterFigureOption(input: LatentScatterInput, hidden: readonly number[]): EChartsCoreOption {
  const option = buildLatentScatterOption(input);
  if (hidden.length === 0) return option;
  const selected = Object.fromEntries(hidden.map((label) => [className(label, input.classNames), false]));
  return { ...option, legend: { ...(option['legend'] as object), selected } };
}
