/**
 * The figure as a PNG at a chosen dpi: the same option as the SVG, drawn by ECharts' canvas renderer
 * in the figure fonts, with the provenance written into the file's text chunks.
 */
import type { FigureDocument } from '../../../../shared/figures/figure-document';
import { provenanceSummary } from '../../../../shared/figures/figure-provenance';
import { withPngText } from '../../../../shared/figures/png-text';
import { echarts } from '../../charts/echarts-setup';
import { base64ToBytes } from '../image-payload';
import { ensureFigureFonts } from './figure-fonts';

const POINTS_PER_INCH = 72;

export async function figurePng(document: FigureDocument, dpi: number): Promise<Blob> {
  if (!(dpi >= 50 && dpi <= 2400)) throw new RangeError(`dpi must be between 50 and 2400, got ${dpi}`);
  await ensureFigureFonts();
  const { width, height } = document.render.size;
  const pixelRatio = dpi / POINTS_PER_INCH;
  const option = await withDecodedImages(document.render.option);
  const chart = echarts.init(window.document.createElement('div'), null, { renderer: 'canvas', width, height, devicePixelRatio: pixelRatio });
  try {
    chart.setOption(option);
    const url = chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: '#ffffff' });
    const png = base64ToBytes(url.slice(url.indexOf(',') + 1));
    const tagged = withPngText(png, {
      Software: document.provenance.generator,
      Comment: provenanceSummary(document.provenance),
      'vae-workbench provenance': JSON.stringify(document.provenance),
    });
    // A fresh ArrayBuffer-backed copy: Blob wants ArrayBuffer, not any ArrayBufferLike.
    return new Blob([new Uint8Array(tagged)], { type: 'image/png' });
  } finally {
    chart.dispose();
  }
}

/**
 * The canvas renderer loads an image given by URL asynchronously, after getDataURL() has run; given
 * a decoded <img> it draws at once. Image panels' data URLs become decoded images here.
 */
async function withDecodedImages(option: Record<string, unknown>): Promise<Record<string, unknown>> {
  const graphics = (option['graphic'] as Record<string, unknown>[] | undefined) ?? [];
  const decoded = await Promise.all(
    graphics.map(async (graphic) => {
      const style = graphic['style'] as { image?: unknown } | undefined;
      if (graphic['type'] !== 'image' || typeof style?.image !== 'string') return graphic;
      const image = new Image();
      image.src = style.image;
      await image.decode();
      return { ...graphic, style: { ...style, image } };
    }),
  );
  return { ...option, graphic: decoded };
}
