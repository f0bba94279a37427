/**
 * Writes a checkpoint folder atomically: everything goes into a temporary sibling folder that is
 * renamed into place, so a crash mid-write never leaves a half checkpoint under the real name.
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { DatasetInfo } from '../../shared/dataset';
import type { CheckpointSaved } from '../../shared/training-report';
import type { Model } from '../models/model';
import { exportOptimizerState } from '../train/optimizer';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointManifest,
  type CheckpointProgress,
  MANIFEST_FILE,
  OPTIMIZER_FILE,
  WEIGHTS_FILE,
} from './format';

export interface CheckpointState {
  model: Model;
  optimizer: tf.AdamOptimizer;
  config: RunConfig;
  dataset: DatasetInfo;
  progress: CheckpointProgress;
  backend: string;
}

const CHECKPOINT_NAME = /^step-\d{9}$/;

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

/** Saves into `root/step-NNNNNNNNN` and keeps the newest `keep` checkpoints in `root`. */
export async function saveCheckpoint(root: string, state: CheckpointState, reason: CheckpointSaved['reason'], keep = 2): Promise<CheckpointSaved> {
  const { model, optimizer, config, dataset, progress, backend } = state;
  await mkdir(root, { recursive: true });
  const name = checkpointName(progress.step);
  const finalPath = path.join(root, name);
  const tempPath = path.join(root, `.${name}.tmp-${process.pid}`);
  await rm(tempPath, { recursive: true, force: true });
  await mkdir(tempPath);

  const weights = await tf.io.encodeWeights(model.parameters.entries.map(({ name: n, variable }) => ({ name: n, tensor: variable })));
  const optimizerState = await exportOptimizerState(optimizer, model.parameters);
  const moments = await tf.io.encodeWeights(optimizerState.moments);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    generatedBy: `VAE Workbench (TensorFlow.js ${tf.version.tfjs})`,
    savedAt: new Date().toISOString(),
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weights.specs.map(toSpec) }],
    config,
    dataset,
    progress,
    optimizer: {
      weightsManifest: [{ paths: [OPTIMIZER_FILE], weights: moments.specs.map(toSpec) }],
      iterations: optimizerState.iterations,
      accBeta1: optimizerState.accBeta1,
      accBeta2: optimizerState.accBeta2,
    },
    backend,
  };
  const weightBytes = toBytes(weights.data);
  const momentBytes = toBytes(moments.data);
  const manifestText = `${JSON.stringify(manifest, null, 1)}\n`;
  await writeFile(path.join(tempPath, WEIGHTS_FILE), weightBytes);
  await writeFile(path.join(tempPath, OPTIMIZER_FILE), momentBytes);
  await writeFile(path.join(tempPath, MANIFEST_FILE), manifestText);
  await rm(finalPath, { recursive: true, force: true });
  await rename(tempPath, finalPath);
  await pruneCheckpoints(root, keep);
  return {
    path: finalPath,
    epoch: progress.epoch,
    step: progress.step,
    bytes: weightBytes.byteLength + momentBytes.byteLength + Buffer.byteLength(manifestText),
    reason,
  };
}

/** Checkpoint folders in `root`, oldest first. */
export async function listCheckpoints(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  return names.filter((n) => CHECKPOINT_NAME.test(n)).sort().map((n) => path.join(root, n));
}

async function pruneCheckpoints(root: string, keep: number): Promise<void> {
  const all = await listCheckpoints(root);
  for (const old of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) await rm(old, { recursive: true, force: true });
}

function toSpec(spec: tf.io.WeightsManifestEntry): { name: string; shape: number[]; dtype: 'float32' | 'int32' } {
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`cannot checkpoint weight "${spec.name}" of dtype ${spec.dtype}`);
  return { name: spec.name, shape: spec.shape, dtype: spec.dtype };
}

function toBytes(data: tf.io.WeightData): Uint8Array {
  const buffers = Array.isArray(data) ? data : [data];
  return Buffer.concat(buffers.map((b) => new Uint8Array(b)));
}
