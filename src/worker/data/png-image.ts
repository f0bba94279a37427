/**
 * One PNG decoded to [0,1] floats in the dataset's colour mode. pngjs hands every PNG back as 8-bit
 * RGBA (palettes expanded, 16-bit rescaled), so there is one conversion path for all of them.
 *
 * Transparency is composited on white: a transparent background becomes white, as it looks in an
 * image viewer, rather than whatever colour happens to sit under alpha 0. Grayscale is ITU-R BT.601
 * luma (0.299 R + 0.587 G + 0.114 B), the convention of PIL's "L" mode.
 */
import { PNG } from 'pngjs';
import { DataError } from './data-error';

export type ColorMode = 'grayscale' | 'rgb';

export interface DecodedImage {
  height: number;
  width: number;
  channels: 1 | 3;
  /** height·width·channels values in [0,1], HWC; not yet quantized to 8-bit levels. */
  data: Float32Array;
}

export function channelsOf(color: ColorMode): 1 | 3 {
  return color === 'rgb' ? 3 : 1;
}

export function decodePng(bytes: Uint8Array, file: string, color: ColorMode): DecodedImage {
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new DataError(file, `unreadable PNG (${(error as Error).message})`);
  }
  const { width, height } = png;
  const pixelCount = width * height;
  if (pixelCount === 0 || png.data.length < pixelCount * 4) {
    throw new DataError(file, `unreadable PNG (decoded ${png.data.length} bytes for ${width}×${height} pixels)`);
  }
  const channels = channelsOf(color);
  const data = new Float32Array(pixelCount * channels);
  for (let p = 0; p < pixelCount; p++) {
    const alpha = (png.data[p * 4 + 3] as number) / 255;
    const white = 1 - alpha;
    const r = ((png.data[p * 4] as number) / 255) * alpha + white;
    const g = ((png.data[p * 4 + 1] as number) / 255) * alpha + white;
    const b = ((png.data[p * 4 + 2] as number) / 255) * alpha + white;
    if (channels === 1) {
      data[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      data[p * 3] = r;
      data[p * 3 + 1] = g;
      data[p * 3 + 2] = b;
    }
  }
  return { height, width, channels, data };
}
