/**
 * The figure as an SVG document, made by ECharts' server-side SVG renderer. The renderer's preview,
 * its SVG export and the headless CLI all call this one function on the same option, so they produce
 * the same SVG; text stays <text> (editable, searchable) and text widths come from the figure fonts'
 * metrics on every platform (text-measure.ts).
 */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, MarkLineComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { platformApi } from 'zrender/lib/core/platform.js';
import { alphabeticBaselines } from './svg-baselines';
import { figureMeasureText } from './text-measure';
import type { FigureRender } from './figure-option';
import type { FigureProvenance } from './figure-provenance';

echarts.use([LineChart, BarChart, HeatmapChart, ScatterChart, GridComponent, LegendComponent, GraphicComponent, MarkLineComponent, VisualMapContinuousComponent, SVGRenderer]);
// Figure fonts are measured from their metrics; every other font keeps the platform's measurer.
echarts.setPlatformAPI({ measureText: figureMeasureText(platformApi.measureText.bind(platformApi)) });

export function figureSvg(figure: FigureRender, provenance: FigureProvenance): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: figure.size.width, height: figure.size.height });
  try {
    chart.setOption(figure.option);
    return finishSvg(chart.renderToSVGString(), figure.size, provenance);
  } finally {
    chart.dispose();
  }
}

const POINTS_PER_INCH = 72;

/**
 * Gives the SVG its physical size (inches, so LaTeX, Inkscape and Word place it at the size it was
 * designed for), portable text baselines and the provenance as <metadata>.
 */
export function finishSvg(svg: string, size: { width: number; height: number }, provenance: FigureProvenance): string {
  const widthIn = `${+(size.width / POINTS_PER_INCH).toFixed(4)}in`;
  const heightIn = `${+(size.height / POINTS_PER_INCH).toFixed(4)}in`;
  const metadata = `<metadata id="vae-workbench-provenance">${escapeXml(JSON.stringify(provenance))}</metadata>`;
  return stableClassNames(alphabeticBaselines(longhandFonts(svg))).replace(/^<svg([^>]*)>/, (_, attributes: string) => {
    const kept = attributes.replace(/\s(width|height|viewBox)="[^"]*"/g, '');
    return `<svg${kept} width="${widthIn}" height="${heightIn}" viewBox="0 0 ${size.width} ${size.height}">${metadata}`;
  });
}

/**
 * zrender writes rich text's style as the `font` shorthand ("font: bold 8px 'Source Serif 4', …"),
 * which resvg reads wrongly (it draws such text at its default size); longhand properties mean the
 * same to every reader.
 */
export function longhandFonts(svg: string): string {
  return svg.replace(/style="font:\s*((?:(?:normal|italic|bold|bolder|lighter|[1-9]00)\s+)*)([\d.]+px)\s+([^";]+);?"/g, (_, modifiers: string, size: string, family: string) => {
    const words = modifiers.trim().split(/\s+/).filter(Boolean);
    const weight = words.find((word) => /^(bold|bolder|lighter|[1-9]00)$/.test(word));
    const style = words.includes('italic') ? 'font-style:italic;' : '';
    return `style="font-size:${size};font-family:${family.trim()};${weight ? `font-weight:${weight};` : ''}${style}"`;
  });
}

/**
 * zrender names its CSS classes and ids after global counters (zr10-cls-10, zr10-c0 after ten
 * charts), so the same figure drawn in a busy page and in a fresh CLI process would differ; number
 * them per document.
 */
function stableClassNames(svg: string): string {
  const names = new Map<string, string>();
  return svg
    .replace(/zr\d+-cls-\d+/g, (name) => {
      let stable = names.get(name);
      if (stable === undefined) {
        stable = `fig-cls-${names.size}`;
        names.set(name, stable);
      }
      return stable;
    })
    // Clip-path and gradient ids carry the instance number too; their own counters are per chart.
    .replace(/\bzr\d+-/g, 'fig-');
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
