/**
 * A fingerprint of a dataset's content, stored with each run so two runs can be said to have seen
 * the same data, whatever folder or download it came from.
 *
 * Canonical layout hashed with SHA-256 (all integers uint32 little-endian):
 *   "vae-workbench/dataset/v1\n"
 *   height, width, channels, trainCount, testCount
 *   train pixels as bytes (round(x·255), HWC, image after image), train labels as int32 LE
 *   test pixels as bytes, test labels as int32 LE
 * Class names and the dataset's name are metadata, not content, and are left out.
 */
import { createHash, type Hash } from 'node:crypto';

export interface HashableDataset {
  height: number;
  width: number;
  channels: number;
  trainImages: Float32Array;
  trainLabels: Int32Array;
  testImages: Float32Array;
  testLabels: Int32Array;
}

const LAYOUT_TAG = 'vae-workbench/dataset/v1\n';
/** Pixels are converted to bytes in chunks, so hashing 47 M pixels does not allocate 47 MB at once. */
const CHUNK = 1 << 20;

export function contentHash(dataset: HashableDataset): string {
  const hash = createHash('sha256');
  hash.update(LAYOUT_TAG, 'utf8');
  const header = new DataView(new ArrayBuffer(5 * 4));
  const trainCount = dataset.trainLabels.length;
  const testCount = dataset.testLabels.length;
  [dataset.height, dataset.width, dataset.channels, trainCount, testCount].forEach((value, i) =>
    header.setUint32(i * 4, value, true),
  );
  hash.update(new Uint8Array(header.buffer));
  updatePixels(hash, dataset.trainImages);
  updateLabels(hash, dataset.trainLabels);
  updatePixels(hash, dataset.testImages);
  updateLabels(hash, dataset.testLabels);
  return hash.digest('hex');
}

function updatePixels(hash: Hash, pixels: Float32Array): void {
  // A clamped byte array rounds and clamps on assignment, natively and 3-4× faster than
  // Math.round per pixel. It rounds halves to even, which never matters here: dataset pixels are
  // exact k/255 levels, so x·255 is within float error of an integer.
  const bytes = new Uint8ClampedArray(Math.min(CHUNK, pixels.length));
  for (let start = 0; start < pixels.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, pixels.length);
    for (let i = start; i < end; i++) bytes[i - start] = (pixels[i] as number) * 255;
    hash.update(new Uint8Array(bytes.buffer, 0, end - start));
  }
}

function updateLabels(hash: Hash, labels: Int32Array): void {
  const view = new DataView(new ArrayBuffer(labels.length * 4));
  labels.forEach((label, i) => view.setInt32(i * 4, label, true));
  hash.update(new Uint8Array(view.buffer));
}
