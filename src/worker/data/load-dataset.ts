/** The one entry point the training loop calls: a DatasetSpec in, an ImageDataset out. */
import path from 'node:path';
import type { DatasetSpec } from '../../shared/dataset';
import { DataError } from './data-error';
import { type DownloadOptions, ensureIdxDataset, idxCacheFolder } from './download';
import { loadEmbeddedMnist } from './embedded-mnist';
import { findIdxFile, loadIdxFolder } from './idx';
import { IDX_CATALOG, IDX_FILE_NAMES, IDX_FILE_ROLES } from '../../shared/idx-catalog';
import { loadImageFolder } from './image-folder';
import type { ImageDataset } from './image-dataset';

export interface LoadDatasetOptions extends DownloadOptions {
  /** Cache folder for IDX datasets given without a folder; the spec's own cacheDir wins. */
  cacheDir?: string;
}

export async function loadDataset(spec: DatasetSpec, options: LoadDatasetOptions = {}): Promise<ImageDataset> {
  switch (spec.source) {
    case 'embedded-mnist':
      return loadEmbeddedMnist();
    case 'image-folder':
      return loadImageFolder(spec);
    case 'idx':
      return loadIdx(spec, options);
  }
}

type IdxSpec = Extract<DatasetSpec, { source: 'idx' }>;

/** A folder wins; otherwise the cache, filled by a download only when the spec allows it. */
async function loadIdx(spec: IdxSpec, options: LoadDatasetOptions): Promise<ImageDataset> {
  if (spec.folder !== undefined) return loadIdxFolder(spec.folder, spec.name);
  const entry = IDX_CATALOG[spec.name];
  const fileList = IDX_FILE_ROLES.map((role) => `${IDX_FILE_NAMES[role]}[.gz]`).join(', ');
  const supply =
    `set the dataset's "folder" to a folder holding ${fileList} (from ${entry.homepage})` +
    (entry.download !== null ? ', or set "download": true to download them, checksum-verified' : '');
  const cacheDir = spec.cacheDir ?? options.cacheDir;
  if (cacheDir === undefined) {
    throw new DataError(spec.name, `${entry.title} has no folder and there is no cache folder to look in; ${supply}`);
  }
  const cached = idxCacheFolder(cacheDir, spec.name);
  if (await hasAllFiles(cached)) return loadIdxFolder(cached, spec.name);
  if (spec.download !== true) {
    throw new DataError(path.resolve(cached), `${entry.title} is not in the cache folder; ${supply}`);
  }
  await ensureIdxDataset(spec.name, cacheDir, options);
  return loadIdxFolder(cached, spec.name);
}

async function hasAllFiles(folder: string): Promise<boolean> {
  try {
    await Promise.all(IDX_FILE_ROLES.map((role) => findIdxFile(folder, role)));
    return true;
  } catch {
    return false;
  }
}
