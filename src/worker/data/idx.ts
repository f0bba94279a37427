/**
 * IDX files (the MNIST family's format): a big-endian header — magic 0x0000 <type> <dims>, then one
 * uint32 per dimension — followed by the data. We read unsigned-byte images (0x00000803: count,
 * rows, cols) and labels (0x00000801: count), gzip-compressed or raw, detected by the gzip magic
 * bytes rather than by the file name.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { IdxDatasetName } from '../../shared/dataset';
import { assembleDataset } from './assemble';
import { DataError } from './data-error';
import { IDX_CATALOG, IDX_FILE_NAMES, type IdxFileRole } from '../../shared/idx-catalog';
import { bytesToUnit, type ImageDataset } from './image-dataset';
import { readIdxBytes } from './idx-file';

export { isGzip, readIdxBytes } from './idx-file';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count·rows·cols bytes, image after image, row-major. */
  pixels: Uint8Array;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

function readHeader(bytes: Uint8Array, file: string, magic: number, dims: number, what: string): number[] {
  const headerLength = 4 + 4 * dims;
  if (bytes.length < headerLength) {
    throw new DataError(file, `truncated: ${bytes.length} bytes is shorter than the ${headerLength}-byte IDX ${what} header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    const hint =
      found === IDX_LABELS_MAGIC ? ' (this looks like a label file)' : found === IDX_IMAGES_MAGIC ? ' (this looks like an image file)' : '';
    throw new DataError(file, `wrong magic number ${hex(found)}, expected ${hex(magic)} for IDX ${what}${hint}`);
  }
  return Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
}

function checkLength(bytes: Uint8Array, file: string, headerLength: number, expectedData: number, description: string): void {
  const actualData = bytes.length - headerLength;
  if (actualData < expectedData) {
    throw new DataError(file, `truncated: the header says ${description} (${expectedData} bytes) but only ${actualData} bytes follow`);
  }
  if (actualData > expectedData) {
    throw new DataError(file, `${actualData - expectedData} unexpected bytes after the ${description} the header announces`);
  }
}

export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const [count = 0, rows = 0, cols = 0] = readHeader(bytes, file, IDX_IMAGES_MAGIC, 3, 'images');
  if (rows === 0 || cols === 0) throw new DataError(file, `images of ${rows}×${cols} pixels: both sides must be positive`);
  checkLength(bytes, file, 16, count * rows * cols, `${count} images of ${rows}×${cols}`);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/** Labels as int32; every label must lie in 0..classCount-1. */
export function parseIdxLabels(bytes: Uint8Array, file: string, classCount: number): Int32Array {
  const [count = 0] = readHeader(bytes, file, IDX_LABELS_MAGIC, 1, 'labels');
  checkLength(bytes, file, 8, count, `${count} labels`);
  const labels = Int32Array.from(bytes.subarray(8));
  const bad = labels.findIndex((label) => label >= classCount);
  if (bad !== -1) throw new DataError(file, `label ${labels[bad]} at item ${bad} is outside 0..${classCount - 1}`);
  return labels;
}

/** The file for a role in a folder: the raw name if present, else the ".gz" name. */
export async function findIdxFile(folder: string, role: IdxFileRole): Promise<string> {
  const raw = path.join(folder, IDX_FILE_NAMES[role]);
  for (const candidate of [raw, `${raw}.gz`]) {
    if (await exists(candidate)) return candidate;
  }
  throw new DataError(raw, `file not found (looked for ${IDX_FILE_NAMES[role]} and ${IDX_FILE_NAMES[role]}.gz)`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

interface IdxPart {
  images: IdxImages;
  imagesFile: string;
  labels: Int32Array;
}

async function loadPart(folder: string, imagesRole: IdxFileRole, labelsRole: IdxFileRole, classCount: number): Promise<IdxPart> {
  const imagesFile = await findIdxFile(folder, imagesRole);
  const labelsFile = await findIdxFile(folder, labelsRole);
  const images = parseIdxImages(await readIdxBytes(imagesFile), imagesFile);
  const labels = parseIdxLabels(await readIdxBytes(labelsFile), labelsFile, classCount);
  if (labels.length !== images.count) {
    throw new DataError(labelsFile, `${labels.length} labels but ${imagesFile} holds ${images.count} images`);
  }
  return { images, imagesFile, labels };
}

/** Loads the four standard IDX files of a named dataset from a folder, keeping the official split. */
export async function loadIdxFolder(folder: string, name: IdxDatasetName): Promise<ImageDataset> {
  if (!(await exists(folder))) throw new DataError(folder, 'folder not found');
  const entry = IDX_CATALOG[name];
  const classCount = entry.classNames.length;
  const train = await loadPart(folder, 'trainImages', 'trainLabels', classCount);
  const test = await loadPart(folder, 'testImages', 'testLabels', classCount);
  const { rows, cols } = train.images;
  if (test.images.rows !== rows || test.images.cols !== cols) {
    throw new DataError(
      test.imagesFile,
      `images are ${test.images.rows}×${test.images.cols} but the training images in ${train.imagesFile} are ${rows}×${cols}`,
    );
  }
  return assembleDataset(
    { name, source: 'idx', height: rows, width: cols, channels: 1, classNames: [...entry.classNames] },
    {
      trainImages: bytesToUnit(train.images.pixels),
      trainLabels: train.labels,
      testImages: bytesToUnit(test.images.pixels),
      testLabels: test.labels,
    },
  );
}
