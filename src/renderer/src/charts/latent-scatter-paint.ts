/**
 * The latent explorer's scatter painted onto its canvas: split lines, points and axis lines written
 * as pixels into one ImageData (latent-scatter-pixels.ts), put in one call, then the tick labels and
 * axis names written over it as text. Laid out as the figure exports' ECharts option lays it out
 * (latent-scatter-frame.ts), so the screen and the exported figure agree.
 */
import type { ChartColors } from './chart-theme';
import { SERIES_PALETTE } from './chart-theme';
import type { ScatterFrame } from './latent-scatter-frame';
import { hexToRgb, packedPixel, paintScatter, type PixelBuffer } from '../lib/latent-scatter-pixels';
import { formatAxisValue } from '../lib/series/format';

const POINT_ALPHA = 0.75;
const SPLIT_LINE_ALPHA = 0.6;
const FONT_SIZE = 12;
/** Tick labels this far from their axis, the axis names this far (ECharts' axisLabel margin and the option's nameGap). */
const LABEL_GAP = 8;
const X_NAME_GAP = 28;
const Y_NAME_GAP = 40;
const PALETTE_RGB = SERIES_PALETTE.map(hexToRgb);

/** Text widths by font and text: the same few tick labels come back epoch after epoch. */
export class TextWidths {
  readonly #known = new Map<string, number>();

  of(context: CanvasRenderingContext2D, text: string): number {
    const key = `${context.font}|${text}`;
    let width = this.#known.get(key);
    if (width === undefined) {
      width = context.measureText(text).width;
      if (this.#known.size > 500) this.#known.clear();
      this.#known.set(key, width);
    }
    return width;
  }
}

export interface ScatterPaint {
  frame: ScatterFrame;
  /** count × 2 coordinates, row-major. */
  points: ArrayLike<number>;
  labels: ArrayLike<number>;
  /** The points of the classes shown, or null for all of them. */
  shown: readonly number[] | null;
  colors: ChartColors;
  /** A point's side in CSS pixels. */
  symbolSize: number;
  axisNames: readonly [string, string];
  fontFamily: string;
  /** Device pixels per CSS pixel. */
  ratio: number;
}

/**
 * Fills the pixel rectangle [x0, x1] × [y0, y1] (inclusive, clipped) with one packed pixel, as
 * it is: lines drawn before the points (split lines) or over them (axis lines), never blended.
 */
function fillRect(buffer: PixelBuffer, words: Uint32Array, x0: number, y0: number, x1: number, y1: number, word: number): void {
  const from = Math.max(0, x0);
  const to = Math.min(buffer.width - 1, x1);
  if (to < from) return;
  for (let y = Math.max(0, y0); y <= Math.min(buffer.height - 1, y1); y++) words.fill(word, y * buffer.width + from, y * buffer.width + to + 1);
}

/** Paints `image` (cleared, the canvas's size in device pixels) and puts it on `context`, then the text. */
export function paintLatentScatter(context: CanvasRenderingContext2D, image: ImageData, textWidths: TextWidths, paint: ScatterPaint): void {
  const { frame: box, colors: palette, ratio } = paint;
  const { transform } = box;
  const px = (x: number): number => Math.round((x * transform.scaleX + transform.offsetX) * ratio);
  const py = (y: number): number => Math.round((y * transform.scaleY + transform.offsetY) * ratio);
  const left = Math.round(box.left * ratio);
  const top = Math.round(box.top * ratio);
  const right = Math.round((box.left + box.width) * ratio);
  const bottom = Math.round((box.top + box.height) * ratio);
  const thickness = Math.max(1, Math.round(ratio));
  const words = new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
  const border = packedPixel(hexToRgb(palette.border), SPLIT_LINE_ALPHA);
  // Split lines at the ticks and at the far edges (the near ones are the axis lines).
  for (const x of [...box.xTicks.map(px), right]) fillRect(image, words, x, top, x + thickness - 1, bottom, border);
  for (const y of [...box.yTicks.map(py), top]) fillRect(image, words, left, y, right, y + thickness - 1, border);
  paintScatter(
    image,
    paint.points,
    paint.labels,
    PALETTE_RGB,
    { x0: left, y0: bottom, xMin: box.xExtent[0], yMin: box.yExtent[0], sx: transform.scaleX * ratio, sy: -transform.scaleY * ratio },
    [{ indices: paint.shown, half: (paint.symbolSize / 2) * ratio, alpha: POINT_ALPHA }],
  );
  // The axis lines at the plot's left and bottom edges, over the points as ECharts draws them.
  const muted = packedPixel(hexToRgb(palette.muted), 1);
  fillRect(image, words, left, bottom, right, bottom + thickness - 1, muted);
  fillRect(image, words, left - thickness + 1, top, left, bottom, muted);
  // putImageData ignores the transform and replaces every pixel: the text goes on afterwards.
  context.putImageData(image, 0, 0);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.font = `${FONT_SIZE}px ${paint.fontFamily}`;
  context.fillStyle = palette.muted;
  // Tick labels, those that would overlap the one before left out (ECharts' hideOverlap).
  context.textAlign = 'center';
  context.textBaseline = 'top';
  let freeFrom = -Infinity;
  for (const tick of box.xTicks) {
    const text = formatAxisValue(tick);
    const x = tick * transform.scaleX + transform.offsetX;
    const half = textWidths.of(context, text) / 2;
    if (x - half < freeFrom) continue;
    context.fillText(text, x, box.top + box.height + LABEL_GAP);
    freeFrom = x + half + 4;
  }
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  let freeAbove = Infinity;
  for (const tick of box.yTicks) {
    const y = tick * transform.scaleY + transform.offsetY;
    if (y + FONT_SIZE / 2 > freeAbove) continue;
    context.fillText(formatAxisValue(tick), box.left - LABEL_GAP, y);
    freeAbove = y - FONT_SIZE / 2 - 2;
  }
  context.fillStyle = palette.text;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText(paint.axisNames[0], box.left + box.width / 2, box.top + box.height + X_NAME_GAP);
  context.save();
  context.translate(box.left - Y_NAME_GAP, box.top + box.height / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = 'bottom';
  context.fillText(paint.axisNames[1], 0, 0);
  context.restore();
}
