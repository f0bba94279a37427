/**
 * The run bundle: ONE gzip'd ustar file (`.vaebundle`, readable with `tar xzf`) holding
 * `manifest.json` first, then one binary entry per metric series (four little-endian float64 columns:
 * steps, epochs, wall times, values, so NaN and ±Inf survive exactly), per binary snapshot and per
 * checkpoint file. The manifest carries the run, JSON snapshots, logs, and the size and SHA-256 of
 * every other entry; importBundle checks all of it (zod schema, sizes, hashes, gzip CRC) before it
 * writes anything.
 */
import { z } from 'zod';
import { LOG_LEVELS, RUN_STATUSES } from '../../../../shared/runs';

export const BUNDLE_FORMAT = 'vae-workbench.bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const BUNDLE_EXTENSION = '.vaebundle';
/** Bytes per metric point in a series entry: step, epoch, wall time, value as float64. */
export const BYTES_PER_POINT = 32;

const entryRef = z.strictObject({
  entry: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type EntryRef = z.infer<typeof entryRef>;

/** A relative path inside a checkpoint: no absolute paths, no '..', no backslashes (never escapes its folder). */
const safeRelativePath = z
  .string()
  .min(1)
  .refine(
    (path) => !path.startsWith('/') && !path.includes('\\') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'must be a relative path without "..", "." or empty segments',
  );

const nullableText = z.string().nullable();

export const bundleManifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  createdAt: z.number(),
  run: z.strictObject({
    sourceRunId: z.string(),
    name: z.string().min(1),
    status: z.enum(RUN_STATUSES),
    config: z.unknown(),
    seed: z.number().int(),
    backend: nullableText,
    device: nullableText,
    dataset: nullableText,
    datasetHash: nullableText,
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    endedAt: z.number().nullable(),
    tags: z.array(z.string()),
    notes: z.string(),
    error: nullableText,
    summary: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  }),
  metrics: z.array(
    z.strictObject({ key: z.string().min(1), points: z.number().int().nonnegative(), file: entryRef }),
  ),
  snapshots: z.array(
    z.strictObject({
      kind: z.string().min(1),
      epoch: z.number().int().nonnegative(),
      createdAt: z.number(),
      meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      encoding: z.enum(['json', 'binary']),
      json: z.unknown().optional(),
      file: entryRef.optional(),
    }).refine((snapshot) => (snapshot.encoding === 'binary') === (snapshot.file !== undefined), {
      message: 'a binary snapshot needs a file entry and a JSON snapshot must not have one',
    }),
  ),
  checkpoints: z.array(
    z.strictObject({
      epoch: z.number().int().nonnegative(),
      step: z.number().int().nonnegative(),
      createdAt: z.number(),
      originalPath: z.string(),
      layout: z.enum(['file', 'directory']),
      files: z.array(z.strictObject({ path: safeRelativePath, file: entryRef })),
    }),
  ),
  logs: z.array(z.strictObject({ at: z.number(), level: z.enum(LOG_LEVELS), line: z.string() })),
});

export type BundleManifest = z.infer<typeof bundleManifestSchema>;
