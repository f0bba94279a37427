/**
 * A folder of PNGs with one subfolder per class:
 *
 *   folder/cat/001.png, folder/cat/002.png, folder/dog/a.png, ...
 *
 * Class labels are the subfolder names in code-point order (so the label of a class does not
 * depend on the machine's locale); images within a class are read in file-name order. Each image
 * is converted to the spec's colour mode (see png-image.ts), resized to height×width (see
 * resize.ts) and quantized to 8-bit levels like every dataset. height = width = 0 keeps the
 * native size, which then must be the same for every image. The train/test split is stratified
 * with a fixed seed, so the same folder always splits the same way.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TEST_FRACTION, type DatasetSpec } from '../../shared/dataset';
import { assembleWithSplit } from './assemble';
import { DataError } from './data-error';
import { BYTE_TO_UNIT, type ImageDataset, unitToByte } from './image-dataset';
import { channelsOf, decodePng } from './png-image';
import { resizeImage } from './resize';

export type ImageFolderSpec = Extract<DatasetSpec, { source: 'image-folder' }>;

/** Changing this changes every image-folder split and so every image-folder content hash. */
export const IMAGE_FOLDER_SPLIT_SEED = 1;

interface ClassFolder {
  name: string;
  files: string[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isHidden = (name: string) => name.startsWith('.');
const isPng = (name: string) => name.toLowerCase().endsWith('.png');

export async function loadImageFolder(spec: ImageFolderSpec): Promise<ImageDataset> {
  const folder = path.resolve(spec.folder);
  const classes = await listClassFolders(folder);
  const nativeSize = spec.height === 0 && spec.width === 0;
  const channels = channelsOf(spec.color);
  const count = classes.reduce((sum, c) => sum + c.files.length, 0);

  let height = spec.height;
  let width = spec.width;
  let firstFile = '';
  let images = new Float32Array(0);
  const labels = new Int32Array(count);
  let item = 0;
  for (const [label, { files }] of classes.entries()) {
    for (const file of files) {
      const decoded = decodePng(await readFile(file), file, spec.color);
      if (item === 0) {
        firstFile = file;
        if (nativeSize) ({ height, width } = decoded);
        images = new Float32Array(count * height * width * channels);
      } else if (nativeSize && (decoded.height !== height || decoded.width !== width)) {
        throw new DataError(
          file,
          `mixed image sizes: this image is ${decoded.width}×${decoded.height} but ${firstFile} is ${width}×${height}; ` +
            'give the dataset a height and width to resize every image to, or make all images the same size',
        );
      }
      const resized = resizeImage(decoded.data, decoded.height, decoded.width, channels, height, width);
      const offset = item * resized.length;
      for (let i = 0; i < resized.length; i++) images[offset + i] = BYTE_TO_UNIT[unitToByte(resized[i] as number)] as number;
      labels[item] = label;
      item++;
    }
  }
  return assembleWithSplit(
    { name: path.basename(folder), source: 'image-folder', height, width, channels, classNames: classes.map((c) => c.name) },
    images,
    labels,
    spec.testFraction ?? DEFAULT_TEST_FRACTION,
    IMAGE_FOLDER_SPLIT_SEED,
  );
}

async function listClassFolders(folder: string): Promise<ClassFolder[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch {
    throw new DataError(folder, 'folder not found');
  }
  if (!isFolder) throw new DataError(folder, 'not a folder (expected a folder with one subfolder of PNG images per class)');

  const entries = (await readdir(folder, { withFileTypes: true })).filter((entry) => !isHidden(entry.name));
  const classNames = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(byCodePoint);
  if (classNames.length === 0) {
    const loosePngs = entries.some((entry) => entry.isFile() && isPng(entry.name));
    throw new DataError(
      folder,
      loosePngs
        ? 'the PNG images must be in one subfolder per class (the subfolder name is the label), not directly in the folder'
        : entries.length === 0
          ? 'the folder is empty (expected one subfolder of PNG images per class)'
          : 'no PNG images found (expected one subfolder of PNG images per class)',
    );
  }
  return Promise.all(
    classNames.map(async (name) => {
      const classFolder = path.join(folder, name);
      const files = (await readdir(classFolder, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && !isHidden(entry.name) && isPng(entry.name))
        .map((entry) => entry.name)
        .sort(byCodePoint)
        .map((file) => path.join(classFolder, file));
      if (files.length === 0) throw new DataError(classFolder, `class folder "${name}" has no PNG images`);
      return { name, files };
    }),
  );
}
