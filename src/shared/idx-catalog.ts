/**
 * The IDX datasets we know by name: their class names, where to get them, and the pinned
 * checksums a download must match. Pure data, in shared so the host can check a dataset's
 * availability before it creates a run, and the worker can download and verify it.
 *
 * Where we could hash a real copy, the pins are SHA-256 of the *decompressed* IDX bytes, not of the
 * .gz files: mirrors re-gzip (Debian's Fashion-MNIST files differ from the official ones by exactly
 * the 24-byte gzip file-name field), while the content is what matters. Sources of the pins:
 * - MNIST: the official .gz files in shared/datasets/mnist (their MD5s are the published ones).
 * - Fashion-MNIST: Debian's dataset-fashion-mnist package (upstream git 55506a9, re-gzipped).
 * - KMNIST: no copy was available to hash, so its pins are the MD5s of the .gz archives that
 *   torchvision's datasets.KMNIST verifies downloads from the same official folder against; a
 *   download must then be that exact archive.
 */
import type { IdxDatasetName } from './dataset';

export type IdxFileRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export const IDX_FILE_ROLES: readonly IdxFileRole[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

/** Standard IDX file names, shared by MNIST, Fashion-MNIST and KMNIST; on disk raw or with ".gz". */
export const IDX_FILE_NAMES: Record<IdxFileRole, string> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * How a download is verified: SHA-256 hex of each decompressed file ('content-sha256'), or MD5 hex
 * of each .gz archive exactly as served ('archive-md5').
 */
export type IdxChecksums = { kind: 'content-sha256'; values: Record<IdxFileRole, string> } | { kind: 'archive-md5'; values: Record<IdxFileRole, string> };

export interface IdxDownload {
  /** Folder URL the four `<name>.gz` files are fetched from (ends with "/"). */
  baseUrl: string;
  checksums: IdxChecksums;
}

export interface IdxDatasetEntry {
  title: string;
  classNames: string[];
  /** Where a person can get the files by hand; shown in "missing data" errors. */
  homepage: string;
  /** Null when no checksums can be pinned: then the dataset loads only from a folder. */
  download: IdxDownload | null;
}

export const IDX_CATALOG: Record<IdxDatasetName, IdxDatasetEntry> = {
  mnist: {
    title: 'MNIST',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    homepage: 'https://yann.lecun.com/exdb/mnist/',
    download: {
      // The mirror torchvision uses first; the original site often refuses scripted downloads.
      baseUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
      checksums: {
        kind: 'content-sha256',
        values: {
          trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
          trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
          testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
          testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
        },
      },
    },
  },
  'fashion-mnist': {
    title: 'Fashion-MNIST',
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    download: {
      baseUrl: 'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
      checksums: {
        kind: 'content-sha256',
        values: {
          trainImages: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
          trainLabels: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
          testImages: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
          testLabels: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
        },
      },
    },
  },
  kmnist: {
    title: 'Kuzushiji-MNIST',
    // Romanised hiragana, in the order of the official kmnist_classmap.csv (お き す つ な は ま や れ を).
    classNames: ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'],
    homepage: 'https://github.com/rois-codh/kmnist',
    download: {
      baseUrl: 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/',
      checksums: {
        kind: 'archive-md5',
        values: {
          trainImages: 'bdb82020997e1d708af4cf47b453dcf7',
          trainLabels: 'e144d726b3acfaa3e44228e80efcd344',
          testImages: '5c965bf0a639b31b8f53240b1b52f4d7',
          testLabels: '7320c461ea6c1c855c0b718fb2a4b134',
        },
      },
    },
  },
};
