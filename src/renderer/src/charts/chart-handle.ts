/**
 * What every chart component offers its caller: figure exports and the live ECharts instance. The
 * components that wrap EChart.svelte forward these to it, so the forwarding and the props that pass
 * straight through to EChart are written once here.
 */
import type { ECharts } from './echarts-setup';
import type { FigureAppearance } from '../lib/figures/chart-export';

export interface PngExportOptions {
  appearance?: FigureAppearance;
  /** Multiple of the chart's CSS size (default 2). */
  pixelRatio?: number;
}

export interface SvgExportOptions {
  appearance?: FigureAppearance;
}

export interface ChartHandle {
  /** PNG data URL of the chart. */
  exportPng(options?: PngExportOptions): string;
  /** SVG document of the chart, text kept as <text>. */
  exportSvg(options?: SvgExportOptions): string;
  /** The live instance (null before mount), with any pending option applied. */
  getChart(): ECharts | null;
}

/** The props a chart component hands unchanged to the EChart it draws with. */
export interface ChartHostProps {
  /** The chart's accessible name. */
  title?: string;
  height?: number;
  renderer?: 'canvas' | 'svg';
  onReady?: (chart: ECharts) => void;
}

/**
 * A handle whose calls go to the inner chart: `inner` is read at call time, because the component's
 * `bind:this` sets it only after mount. Spread into the component's exports:
 * `export const { exportPng, exportSvg, getChart } = forwardChartHandle(() => chart);`
 */
export function forwardChartHandle(inner: () => ChartHandle): ChartHandle {
  return {
    exportPng: (options = {}) => inner().exportPng(options),
    exportSvg: (options = {}) => inner().exportSvg(options),
    getChart: () => inner().getChart(),
  };
}
