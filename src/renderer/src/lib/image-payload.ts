/**
 * The host sends image grids as one tiled picture with base64 pixels (ImageGridPayload); the charts'
 * ImageGrid draws a batch of separate images. This cuts the picture back into its tiles. Pure.
 */
import type { ImageGridPayload } from '../../../shared/api';
import type { ImageBatch } from '../charts/image-grid-layout';

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * The tiles of `payload`, row by row. `count` keeps only the first tiles (a decode of n vectors may
 * come back in a grid with blank tiles at the end); it defaults to every tile.
 */
export function payloadToBatch(payload: ImageGridPayload, count = payload.rows * payload.columns): ImageBatch {
  const { width, height, channels, rows, columns, tileWidth, tileHeight } = payload;
  if (columns * tileWidth > width || rows * tileHeight > height) {
    throw new RangeError(`image grid: ${rows}×${columns} tiles of ${tileWidth}×${tileHeight} do not fit a ${width}×${height} picture`);
  }
  if (!Number.isInteger(count) || count < 0 || count > rows * columns) {
    throw new RangeError(`image grid: cannot take ${count} tiles from a ${rows}×${columns} grid`);
  }
  const source = base64ToBytes(payload.pixelsBase64);
  if (source.length !== width * height * channels) {
    throw new RangeError(`image grid: a ${width}×${height}×${channels} picture needs ${width * height * channels} bytes, got ${source.length}`);
  }
  const tileRow = tileWidth * channels;
  const tileSize = tileRow * tileHeight;
  const pixels = new Uint8Array(count * tileSize);
  for (let tile = 0; tile < count; tile++) {
    const top = Math.floor(tile / columns) * tileHeight;
    const left = (tile % columns) * tileWidth;
    for (let y = 0; y < tileHeight; y++) {
      const from = ((top + y) * width + left) * channels;
      pixels.set(source.subarray(from, from + tileRow), tile * tileSize + y * tileRow);
    }
  }
  return { width: tileWidth, height: tileHeight, channels, count, pixels };
}

const batches = new WeakMap<ImageGridPayload, ImageBatch>();

/**
 * payloadToBatch remembered per payload object: snapshots are cached by epoch, so scrubbing back to
 * an epoch (the linked views' epoch selection) reuses its tiles instead of decoding the base64 again.
 */
export function cachedPayloadBatch(payload: ImageGridPayload): ImageBatch {
  let batch = batches.get(payload);
  if (!batch) {
    batch = payloadToBatch(payload);
    batches.set(payload, batch);
  }
  return batch;
}
