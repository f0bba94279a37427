/**
 * The figure as one ECharts option: the pure function behind the renderer's preview, its SVG and PNG
 * exports and the headless render (CLI, PDF). Sizes are in points (1 SVG unit = 1 pt), fonts are the
 * shipped figure fonts, and nothing animates or depends on the screen.
 */
import { FIGURE_INK, seriesStyle } from './figure-palette';
import { plotFigure, type FigurePlot, type PlotImage, type PlotPanel } from './figure-plot';
import { figureSizePt, type FigureSpec } from './figure-spec';
import type { FigureData } from './figure-data';
import { layoutFigure, legendItemMetrics, niceRange, wrapWords, type Rect } from './figure-layout';
import { latentPanel } from './latent-panel';
import { curvesPanel, klPanel, type PanelOptions } from './panel-options';
import { FIGURE_FONT_STACKS, figureTextWidth } from './text-measure';

export interface FigureRender {
  /** Width and height in points. */
  size: { width: number; height: number };
  option: Record<string, unknown>;
  plot: FigurePlot;
}

export function figureFontFamily(spec: FigureSpec): string {
  return FIGURE_FONT_STACKS[spec.font.family];
}

export function buildFigure(spec: FigureSpec, data: FigureData): FigureRender {
  const plot = plotFigure(spec, data);
  const size = figureSizePt(spec);
  const fontSize = spec.font.sizePt;
  const legendNames = legendEntries(plot);
  const layout = layoutFigure(spec, size, legendNames);
  const grids: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const visualMaps: Record<string, unknown>[] = [];
  const graphics: Record<string, unknown>[] = [];
  const panelLegends: Record<string, unknown>[] = [];
  const shared = spec.layout.shareY ? sharedRanges(plot) : new Map<string, { min: number; max: number }>();

  plot.panels.forEach((panel, index) => {
    const cell = layout.cells[index] ?? { left: 0, top: 0, width: size.width, height: size.height };
    // The letter bold, then the note (epoch, smoothing, threshold), wrapped to the cell's width.
    const letterText = spec.layout.panelLetters ? `(${panel.letter}) ` : '';
    const noteLines = panel.note ? wrapWords(panel.note, cell.width - fontSize, (text, first) => figureTextWidth(first ? letterText + text : text, spec.font.family, fontSize)) : [];
    const headerLines = Math.max(letterText ? 1 : 0, noteLines.length);
    // Plus room for the top tick label, which ECharts centres on the axis' top end.
    const header = headerLines * fontSize * 1.25 + (headerLines > 0 ? fontSize * 0.5 : 0);
    // A gap under each cell keeps an x-axis title clear of the next row's letter.
    const rowGap = fontSize * 0.4;
    let gridRect: Rect = { left: cell.left, top: cell.top + header, width: cell.width - fontSize * 0.5, height: cell.height - header - rowGap };
    let options: PanelOptions;
    if (panel.kind === 'kl-per-dim') {
      options = klPanel(spec, panel, index, gridRect);
    } else if (panel.kind === 'images') {
      options = hiddenAxes(index);
      if (panel.image) graphics.push(imageGraphic(panel.image, gridRect));
    } else if (panel.kind === 'latent-scatter') {
      const latent = latentPanel(spec, panel, index, gridRect);
      if (latent.legend) panelLegends.push(latent.legend);
      gridRect = { ...gridRect, width: latent.plotWidth };
      options = latent;
    } else {
      options = curvesPanel(spec, panel, index);
    }
    if (options.visualMap) visualMaps.push({ ...options.visualMap, seriesIndex: series.length });
    // ECharts fits tick labels and axis titles inside the cell, unless the panel laid its box out itself.
    grids.push(options.grid ? { ...options.grid, outerBoundsMode: 'none' } : { ...gridRect, outerBoundsMode: 'same', outerBoundsContain: 'all' });
    const range = shared.get(shareKey(panel));
    xAxes.push(options.xAxis);
    // A heatmap's y axis lists runs; its shared scale is the colour range instead.
    const sharesY = range !== undefined && !(panel.kind === 'kl-per-dim' && panel.style === 'heatmap');
    // Bars grow from the shared floor too (a log axis would otherwise grow them from 1).
    yAxes.push(sharesY ? { ...options.yAxis, min: range.min, max: range.max, startValue: range.min } : options.yAxis);
    series.push(...options.series);
    if (headerLines > 0) {
      const letter = letterText ? `{letter|(${panel.letter})}` : '';
      const [firstNote = '', ...moreNotes] = noteLines;
      graphics.push({
        type: 'text',
        left: cell.left,
        top: cell.top,
        silent: true,
        style: {
          text: [[letter, firstNote].filter(Boolean).join(' '), ...moreNotes].join('\n'),
          fontSize,
          lineHeight: fontSize * 1.25,
          fontFamily: figureFontFamily(spec),
          fill: FIGURE_INK.text,
          rich: { letter: { fontWeight: 'bold', fontSize, lineHeight: fontSize * 1.25, fontFamily: figureFontFamily(spec) } },
        },
      });
    }
  });

  const option: Record<string, unknown> = {
    animation: false,
    backgroundColor: FIGURE_INK.background,
    textStyle: { fontFamily: figureFontFamily(spec), fontSize, color: FIGURE_INK.text },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    graphic: graphics,
    ...(visualMaps.length > 0 ? { visualMap: visualMaps } : {}),
    legend: [...(layout.legend ? [legendOption(spec, layout.legend, legendNames)] : []), ...panelLegends],
  };
  return { size, option, plot };
}

/** An image panel has no axes; ECharts still wants one pair per grid, so they are hidden. */
function hiddenAxes(index: number): PanelOptions {
  return { xAxis: { type: 'value', gridIndex: index, show: false }, yAxis: { type: 'value', gridIndex: index, show: false }, series: [], visualMap: null };
}

/** The grid's PNG, as large as fits the box at its own aspect ratio, centred, pixels kept sharp. */
function imageGraphic(image: PlotImage, box: Rect): Record<string, unknown> {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const [width, height] = [image.width * scale, image.height * scale];
  return {
    type: 'image',
    silent: true,
    style: { image: image.dataUrl, x: box.left + (box.width - width) / 2, y: box.top + (box.height - height) / 2, width, height },
  };
}

/** One legend entry per run, in figure order: the runs drawn in any panel. */
function legendEntries(plot: FigurePlot): string[] {
  const names = new Map<number, string>();
  for (const panel of plot.panels) {
    const items = panel.kind === 'kl-per-dim' ? (panel.style === 'bars' ? panel.bars : []) : panel.kind === 'latent-scatter' || panel.kind === 'images' ? [] : panel.lines;
    for (const item of items) if (!names.has(item.styleIndex)) names.set(item.styleIndex, item.runName);
  }
  return [...names.entries()].sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

function legendOption(spec: FigureSpec, box: Rect & { orient: 'horizontal' | 'vertical' }, names: string[]): Record<string, unknown> {
  const item = legendItemMetrics(spec.font.sizePt);
  return {
    show: true,
    type: 'plain',
    orient: box.orient,
    left: box.left,
    top: box.top,
    width: box.width,
    padding: 0,
    itemWidth: item.itemWidth,
    itemHeight: item.itemHeight,
    itemGap: item.itemGap,
    textStyle: { fontSize: spec.font.sizePt, color: FIGURE_INK.text, padding: [0, 0, 0, 0] },
    // Swatches drawn as the series are, with thin lines, so dash and marker read at 8 pt.
    lineStyle: { width: 0.9 },
    data: names.map((name) => ({ name })),
    selectedMode: false,
    // The legend's own colour per name comes from the first series of that name; set it from the palette too.
    inactiveColor: seriesStyle(spec.palette, 0).color,
  };
}

function shareKey(panel: PlotPanel): string {
  switch (panel.kind) {
    case 'curves':
      return `curves:${panel.metric}:${panel.logY}`;
    case 'kl-per-dim':
      return `kl:${panel.style}:${panel.logY}`;
    default:
      return panel.kind;
  }
}

/** Small multiples: panels of one kind (and metric) get one y range. */
function sharedRanges(plot: FigurePlot): Map<string, { min: number; max: number }> {
  const extents = new Map<string, { min: number; max: number }>();
  for (const panel of plot.panels) {
    const values =
      panel.kind === 'kl-per-dim'
        ? panel.bars.flatMap((bar) => bar.values)
        : panel.kind === 'latent-scatter' || panel.kind === 'images'
          ? []
          : panel.lines.flatMap((line) => [...line.points, ...(line.raw ?? [])].map(([, y]) => y));
    const finite = values.filter((value) => Number.isFinite(value) && (!panel.logY || value > 0));
    if (finite.length === 0) continue;
    const key = shareKey(panel);
    const current = extents.get(key);
    const min = Math.min(current?.min ?? Infinity, ...finite);
    const max = Math.max(current?.max ?? -Infinity, ...finite);
    extents.set(key, { min, max });
  }
  const ranges = new Map<string, { min: number; max: number }>();
  for (const [key, extent] of extents) {
    const logY = key.endsWith(':true');
    const nice = logY ? { min: 10 ** Math.floor(Math.log10(extent.min)), max: 10 ** Math.ceil(Math.log10(extent.max)) } : niceRange(key.startsWith('kl:') ? Math.min(0, extent.min) : extent.min, extent.max);
    ranges.set(key, nice);
  }
  return ranges;
}
