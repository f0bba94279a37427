import type { DatasetInfo } from '../../shared/dataset';

/**
 * A loaded dataset, held in host memory as flat typed arrays (the training loop slices batches
 * from them and uploads each batch once).
 *
 * Invariants every loader keeps:
 * - images are row-major n × (height·width·channels), HWC within an image;
 * - every pixel is an exact 8-bit grey level k/255 (k = 0..255), so `dequantize` can recover k and
 *   the content hash can store pixels as bytes without losing anything;
 * - labels are 0..classNames.length-1.
 */
export interface ImageDataset {
  info: DatasetInfo;
  trainImages: Float32Array;
  trainLabels: Int32Array;
  testImages: Float32Array;
  testLabels: Int32Array;
}

/** byte -> byte/255 as float32, so converting millions of pixels is a table look-up. */
export const BYTE_TO_UNIT: Float32Array = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/** Converts 8-bit pixels to the dataset's [0,1] floats. */
export function bytesToUnit(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = BYTE_TO_UNIT[bytes[i] as number] as number;
  return out;
}

/** Nearest 8-bit grey level of a [0,1] value (clamped), the inverse of `bytesToUnit`. */
export function unitToByte(value: number): number {
  const k = Math.round(value * 255);
  return k < 0 ? 0 : k > 255 ? 255 : k;
}
