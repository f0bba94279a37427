/**
 * The linked scatter's points painted straight into an RGBA buffer: one small square per point,
 * alpha-blended in class colour. 2,000 points as Path2D rectangles cost ~3.5 ms a redraw in
 * Chromium's software canvas (a path per colour, then a fill); written pixel by pixel they cost a
 * few tenths of a millisecond, and an epoch change redraws the scatter every time. Pure.
 */

/** An RGBA pixel buffer, row-major, not premultiplied (the shape of the DOM's ImageData). */
export interface PixelBuffer {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Maps data coordinates to buffer pixels: px = x0 + (x − xMin)·sx, py = y0 − (y − yMin)·sy (y grows upwards). */
export interface PixelMapping {
  x0: number;
  y0: number;
  xMin: number;
  yMin: number;
  sx: number;
  sy: number;
}

export interface ScatterLayer {
  /** Indices into the points, or null for every point in order. */
  indices: readonly number[] | null;
  /** Half the square's side, in buffer pixels; the square is 2·half pixels wide (at least one). */
  half: number;
  /** 0..1 */
  alpha: number;
}

export type Rgb = readonly [number, number, number];

/** '#RRGGBB' → [r, g, b]; anything else is grey, so a palette typo shows rather than throws. */
export function hexToRgb(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return [128, 128, 128];
  return [parseInt(match[1] as string, 16), parseInt(match[2] as string, 16), parseInt(match[3] as string, 16)];
}

/** Blends `rgb` at `alpha` over the pixel at byte offset `at` ("source over", straight alpha). */
function blend(data: Uint8ClampedArray, at: number, rgb: Rgb, alpha: number): void {
  const below = (data[at + 3] as number) / 255;
  const out = alpha + below * (1 - alpha);
  if (out <= 0) return;
  const keep = (below * (1 - alpha)) / out;
  const take = alpha / out;
  data[at] = rgb[0] * take + (data[at] as number) * keep;
  data[at + 1] = rgb[1] * take + (data[at + 1] as number) * keep;
  data[at + 2] = rgb[2] * take + (data[at + 2] as number) * keep;
  data[at + 3] = out * 255;
}

/** Whether this machine stores a Uint32 with its lowest byte first (every browser the workbench runs in). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const packedPixels = new Map<string, number>();

/**
 * An RGBA pixel packed as the Uint32 that the four bytes r, g, b, a read as (this machine's byte
 * order), the alpha rounded as Uint8ClampedArray rounds; remembered, as the same few colours are
 * packed on every redraw.
 */
export function packedPixel(rgb: Rgb, alpha: number): number {
  const key = `${rgb[0]},${rgb[1]},${rgb[2]},${alpha}`;
  let word = packedPixels.get(key);
  if (word === undefined) {
    const bytes = new Uint8ClampedArray([rgb[0], rgb[1], rgb[2], alpha * 255]);
    word = new Uint32Array(bytes.buffer)[0] as number;
    packedPixels.set(key, word);
  }
  return word;
}

/**
 * Paints `xy` (count × 2, row-major) into `buffer` as squares coloured by `labels` through
 * `palette` (a negative or missing label takes the first colour), one layer after another, so a
 * later layer (e.g. the brushed points) lies on top. The buffer is not cleared first.
 *
 * Most pixels are written onto a transparent pixel or opaquely, and "source over" then leaves the
 * colour itself: those are written as one packed 32-bit word, and only a pixel that lies on another
 * is blended channel by channel (an epoch change repaints every point: ~3× faster this way).
 */
export function paintScatter(buffer: PixelBuffer, xy: ArrayLike<number>, labels: ArrayLike<number>, palette: readonly Rgb[], mapping: PixelMapping, layers: readonly ScatterLayer[]): void {
  const { width, height, data } = buffer;
  const words = LITTLE_ENDIAN && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, width * height) : null;
  const count = Math.floor(xy.length / 2);
  const grey: Rgb = [128, 128, 128];
  for (const layer of layers) {
    const side = Math.max(1, Math.round(2 * layer.half));
    const n = layer.indices ? layer.indices.length : count;
    const opaque = layer.alpha >= 1;
    const colours = palette.map((rgb) => packedPixel(rgb, layer.alpha));
    const greyWord = packedPixel(grey, layer.alpha);
    for (let k = 0; k < n; k++) {
      const i = layer.indices ? (layer.indices[k] as number) : k;
      if (i < 0 || i >= count) continue;
      const x = xy[2 * i] as number;
      const y = xy[2 * i + 1] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const left = Math.round(mapping.x0 + (x - mapping.xMin) * mapping.sx - side / 2);
      const top = Math.round(mapping.y0 - (y - mapping.yMin) * mapping.sy - side / 2);
      const label = labels[i] ?? 0;
      const colour = (label >= 0 ? label : 0) % palette.length;
      const rgb = palette[colour] ?? grey;
      const word = palette[colour] ? (colours[colour] as number) : greyWord;
      const x0 = Math.max(0, left);
      const x1 = Math.min(width, left + side);
      for (let py = Math.max(0, top); py < Math.min(height, top + side); py++) {
        const row = py * width;
        for (let px = x0; px < x1; px++) {
          const at = row + px;
          if (words && (opaque || (data[at * 4 + 3] as number) === 0)) words[at] = word;
          else blend(data, at * 4, rgb, layer.alpha);
        }
      }
    }
  }
}
