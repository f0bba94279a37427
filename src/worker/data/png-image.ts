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
import { messageOf } from '../../shared/errors';

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

/**
 * The most pixels one image may have. A PNG's size says little about its pixel count (a 140 KB file
 * held 12000×12000 and took the worker to 1.5 GB), so the header is read before anything is decoded.
 */
export const MAX_PNG_PIXELS = 4096 * 4096;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Width and height from the IHDR chunk, which the PNG format puts first; null if it is not there. */
export function pngDimensions(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function checkPixelCount(buffer: Buffer, file: string): void {
  const size = pngDimensions(buffer);
  if (size !== null && size.width * size.height > MAX_PNG_PIXELS) {
    throw new DataError(
      file,
      `${size.width}×${size.height} pixels is more than the ${MAX_PNG_PIXELS.toLocaleString('en-US')} (4096×4096) one image may have; shrink it before training on it`,
    );
  }
}

/** A cut-off file shows up in pngjs as a read "waiting on finished stream"; say so in plain words. */
function describeDecodeError(buffer: Buffer, error: unknown): string {
  const message = messageOf(error);
  const ended = buffer.length >= PNG_SIGNATURE.length && buffer.subarray(0, 8).equals(PNG_SIGNATURE) && !buffer.includes(IEND_CHUNK);
  if (ended || /finished stream|unexpected end/i.test(message)) {
    return `truncated PNG: the file (${buffer.length} bytes) ends before the image data does`;
  }
  return `unreadable PNG (${message})`;
}

export function decodePng(bytes: Uint8Array, file: string, color: ColorMode): DecodedImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkPixelCount(buffer, file);
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(buffer);
  } catch (error) {
    throw new DataError(file, describeDecodeError(buffer, error));
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
