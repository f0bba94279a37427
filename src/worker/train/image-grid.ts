/** Decoded images → one compact uint8 picture (tiles in rows), the form snapshots travel in. */
import type { ImageGrid } from '../../shared/training-report';
import type { ImageShape } from '../models/networks';

/**
 * images: row-major count × (h·w·c) values in [0, 1] (HWC per image). Tiles fill rows left to right;
 * missing tiles at the end stay black.
 */
export function tileImages(images: Float32Array, count: number, shape: ImageShape, columns: number): ImageGrid {
  const { height: th, width: tw, channels } = shape;
  if (channels !== 1 && channels !== 3) throw new RangeError(`images must have 1 or 3 channels, not ${channels}`);
  const perImage = th * tw * channels;
  if (images.length !== count * perImage) {
    throw new RangeError(`tileImages: ${images.length} values are not ${count} images of ${th}×${tw}×${channels}`);
  }
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const width = cols * tw;
  const height = rows * th;
  const pixels = new Uint8Array(width * height * channels);
  for (let n = 0; n < count; n++) {
    const top = Math.floor(n / cols) * th;
    const left = (n % cols) * tw;
    for (let y = 0; y < th; y++) {
      const source = n * perImage + y * tw * channels;
      const target = ((top + y) * width + left) * channels;
      for (let i = 0; i < tw * channels; i++) {
        const v = images[source + i] as number;
        pixels[target + i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
      }
    }
  }
  return { width, height, channels, rows, columns: cols, tileWidth: tw, tileHeight: th, pixels };
}
