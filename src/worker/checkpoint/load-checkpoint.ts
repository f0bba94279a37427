/**
 * Reads a checkpoint folder back: for resuming a run (weights, optimizer state, position) or for
 * decoding from a finished model (`loadCheckpoint` → a LatentDecoder).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import { createModel, type Model } from '../models/model';
import { createLatentDecoder, type LatentDecoder } from '../train/latent-decoder';
import type { OptimizerState } from '../train/optimizer';
import { type CheckpointManifest, checkpointManifestSchema, MANIFEST_FILE } from './format';

export interface CheckpointContents {
  manifest: CheckpointManifest;
  /** Logical parameter name -> tensor (the caller disposes). */
  weights: Map<string, tf.Tensor>;
  optimizer: OptimizerState;
}

export async function readCheckpoint(dir: string): Promise<CheckpointContents> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`${manifestPath}: cannot read the checkpoint manifest (${(error as Error).message})`);
  }
  const result = checkpointManifestSchema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(`${manifestPath}: not a VAE Workbench checkpoint (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'})`);
  }
  const manifest = result.data;
  const weights = await readWeightGroup(dir, manifest.weightsManifest);
  const momentSpecs = manifest.optimizer.weightsManifest[0]?.weights ?? [];
  let moments: tf.NamedTensorMap;
  try {
    moments = await readWeightGroup(dir, manifest.optimizer.weightsManifest);
  } catch (error) {
    tf.dispose(Object.values(weights));
    throw error;
  }
  return {
    manifest,
    weights: new Map(Object.entries(weights)),
    optimizer: {
      iterations: manifest.optimizer.iterations,
      accBeta1: manifest.optimizer.accBeta1,
      accBeta2: manifest.optimizer.accBeta2,
      // decodeWeights returns a map in spec order; keep that order (Adam's moments are positional).
      moments: momentSpecs.map((spec) => ({ name: spec.name, tensor: moments[spec.name] as tf.Tensor })),
    },
  };
}

async function readWeightGroup(dir: string, manifest: CheckpointManifest['weightsManifest']): Promise<tf.NamedTensorMap> {
  const group = manifest[0];
  if (!group) throw new Error(`${dir}: the checkpoint manifest lists no weight files`);
  const { paths, weights: specs } = group;
  const file = path.join(dir, paths[0] as string);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`${file}: cannot read checkpoint weights (${(error as Error).message})`);
  }
  const expected = specs.reduce((sum, spec) => sum + 4 * spec.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== expected) {
    throw new Error(`${file}: holds ${bytes.byteLength} bytes but the manifest describes ${expected}; the checkpoint is damaged`);
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.io.decodeWeights(buffer, specs);
}

/** Builds the checkpoint's model and fills in its weights (for decoding or resuming elsewhere). */
export function modelFromCheckpoint(contents: CheckpointContents, dir: string): Model {
  const { config, dataset } = contents.manifest;
  const model = createModel(config.model, dataset, config.seed, config.optim.logVarClamp);
  try {
    model.parameters.assign(contents.weights, path.join(dir, MANIFEST_FILE));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

export interface LoadedCheckpoint {
  path: string;
  config: RunConfig;
  epoch: number;
  step: number;
  decoder: LatentDecoder;
  /** Frees the model's weights; the decoder must not be used afterwards. */
  dispose(): void;
}

/** A checkpoint as a decoder for interpolation sliders (the optimizer state is dropped). */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const contents = await readCheckpoint(dir);
  try {
    const model = modelFromCheckpoint(contents, dir);
    const { config, progress } = contents.manifest;
    return { path: dir, config, epoch: progress.epoch, step: progress.step, decoder: createLatentDecoder(model), dispose: () => model.dispose() };
  } finally {
    tf.dispose([...contents.weights.values(), ...contents.optimizer.moments.map((m) => m.tensor)]);
  }
}
