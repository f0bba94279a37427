/**
 * The checkpoint folder, TensorFlow.js-compatible where tfjs has a convention:
 *   model.json     the manifest: tfjs' `weightsManifest` (so tf.io.decodeWeights reads weights.bin),
 *                  plus what an exact resume needs — config, dataset fingerprint, position
 *                  (epoch, step within it, global step) and the optimizer's manifest and scalars
 *   weights.bin    the model's float32 weights, named by logical parameter name
 *   optimizer.bin  Adam's first and second moments, "<parameter>/m" and "<parameter>/v"
 * Random state needs no file: every draw is a function of (seed, position), see train/seeds.ts.
 */
import { z } from 'zod';
import { runConfigSchema } from '../../shared/config';
import { withStoredDefaults } from '../../shared/stored-config';
import type { DatasetInfo } from '../../shared/dataset';

export const CHECKPOINT_FORMAT = 'vae-workbench-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const OPTIMIZER_FILE = 'optimizer.bin';

const weightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(['float32', 'int32']),
});

/** tf.io.WeightsManifestConfig restricted to what we write: one group, one file. */
const weightsManifestSchema = z.array(z.object({ paths: z.array(z.string()).length(1), weights: z.array(weightSpecSchema) })).length(1);

export const checkpointManifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  formatVersion: z.literal(CHECKPOINT_FORMAT_VERSION),
  generatedBy: z.string(),
  savedAt: z.string(),
  weightsManifest: weightsManifestSchema,
  // Checkpoints written before the validation split read as trained on the whole training set.
  config: z.preprocess(withStoredDefaults, runConfigSchema),
  dataset: z.custom<DatasetInfo>(
    (value) => {
      const info = value as Partial<DatasetInfo> | null;
      return typeof info === 'object' && info !== null && typeof info.contentHash === 'string' && typeof info.height === 'number' && typeof info.width === 'number' && (info.channels === 1 || info.channels === 3);
    },
    { error: 'dataset must describe the training data (name, height, width, channels, contentHash)' },
  ),
  progress: z.object({
    /** Epoch the next step belongs to (0-based). */
    epoch: z.number().int().min(0),
    /** Steps of that epoch already taken. */
    stepInEpoch: z.number().int().min(0),
    /** Global optimizer steps taken. */
    step: z.number().int().min(0),
  }),
  optimizer: z.object({
    weightsManifest: weightsManifestSchema,
    iterations: z.number().int().min(0),
    accBeta1: z.number(),
    accBeta2: z.number(),
  }),
  backend: z.string(),
});

export type CheckpointManifest = z.infer<typeof checkpointManifestSchema>;
export type CheckpointProgress = CheckpointManifest['progress'];
