/**
 * Where things go on the page, in points: the legend band, then one cell per panel in a grid of
 * `columns`. ECharts then fits each panel's axes, tick labels and axis titles inside its cell
 * (grid.outerBoundsMode 'same'), so nothing is clipped at the figure's edge.
 */
import type { FigureSpec } from './figure-spec';
import { figureTextWidth } from './text-measure';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface FigureLayout {
  cells: Rect[];
  /** The legend's box, or null when there is none. */
  legend: (Rect & { orient: 'horizontal' | 'vertical' }) | null;
}

/**
 * Legend swatch geometry relative to the font size (a line long enough to show its dash). The gap
 * between swatch and text is ECharts' own, a fixed 5 units whatever the font size: rows are counted
 * with it, or a legend ECharts wraps into two rows would be given the height of one.
 */
export function legendItemMetrics(fontSize: number) {
  return { itemWidth: fontSize * 2.5, itemHeight: fontSize * 0.5, itemGap: fontSize * 1.2, textGap: 5 };
}

export function layoutFigure(spec: FigureSpec, size: { width: number; height: number }, legendNames: readonly string[]): FigureLayout {
  const fontSize = spec.font.sizePt;
  const fontKey = spec.font.family;
  const pad = Math.max(2, fontSize * 0.3);
  const item = legendItemMetrics(fontSize);
  const itemWidths = legendNames.map((name) => item.itemWidth + item.textGap + figureTextWidth(name, fontKey, fontSize));
  let body: Rect = { left: pad, top: pad, width: size.width - 2 * pad, height: size.height - 2 * pad };
  let legend: FigureLayout['legend'] = null;

  if (spec.legend !== 'none' && legendNames.length > 0) {
    if (spec.legend === 'right') {
      const width = Math.max(...itemWidths) + pad;
      legend = { left: size.width - pad - width, top: body.top, width, height: body.height, orient: 'vertical' };
      body = { ...body, width: body.width - width - pad };
    } else {
      const rows = legendRows(itemWidths, body.width, item.itemGap);
      const height = rows * fontSize * 1.5;
      const top = spec.legend === 'top' ? body.top : size.height - pad - height;
      legend = { left: body.left, top, width: body.width, height, orient: 'horizontal' };
      body = { ...body, top: spec.legend === 'top' ? body.top + height + pad : body.top, height: body.height - height - pad };
    }
  }

  const count = spec.panels.length;
  const columns = Math.min(spec.layout.columns, count);
  const rows = Math.ceil(count / columns);
  const cellWidth = body.width / columns;
  const cellHeight = body.height / rows;
  const cells = Array.from({ length: count }, (_, index): Rect => ({
    left: body.left + (index % columns) * cellWidth,
    top: body.top + Math.floor(index / columns) * cellHeight,
    width: cellWidth,
    height: cellHeight,
  }));
  return { cells, legend };
}

/** How many rows a horizontal legend of these item widths needs within `width`. */
function legendRows(itemWidths: readonly number[], width: number, gap: number): number {
  let rows = 1;
  let used = 0;
  for (const itemWidth of itemWidths) {
    const next = used === 0 ? itemWidth : used + gap + itemWidth;
    if (next > width && used > 0) {
      rows += 1;
      used = itemWidth;
    } else {
      used = next;
    }
  }
  return rows;
}

/** A "nice" axis range (1, 2, 2.5, 5 × 10^k steps) that holds [min, max], for axes shared across panels. */
export function niceRange(min: number, max: number, ticks = 5): { min: number; max: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  if (min === max) return { min: min - 1, max: max + 1 };
  const raw = (max - min) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step };
}

/** Label every k-th category so that labels of `labelWidth` fit `available` points: k in 1, 2, 4, 5, 8, 10, 16, … */
export function categoryLabelEvery(count: number, labelWidth: number, available: number): number {
  const steps = [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 250, 500, 1000];
  for (const step of steps) if ((count / step) * labelWidth * 1.6 <= available) return step;
  return Math.ceil(count / 2);
}

/** Greedy word wrap into lines no wider than `width`; `measure(text, isFirstLine)` gives a line's width. */
export function wrapWords(text: string, width: number, measure: (text: string, first: boolean) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, lines.length === 0) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
