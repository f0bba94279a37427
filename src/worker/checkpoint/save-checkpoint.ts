/**
 * Writes a checkpoint folder atomically: everything goes into a temporary sibling folder that is
 * renamed into place, so a crash mid-write never leaves a half checkpoint under the real name.
 * Files and folders are fsync'd before the checkpoint is reported (and so recorded). A failed write
 * (a full disk) removes its temporary folder and leaves the earlier checkpoints as they were.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CHECKPOINT_NAME, CHECKPOINT_TEMP_NAME, checkpointName, checkpointTempName } from '../../shared/checkpoint-names';
import type { RunConfig } from '../../shared/config';
import { DISK_FULL, isDiskFullError } from '../../shared/disk-full';
import type { DatasetInfo } from '../../shared/dataset';
import type { CheckpointSaved } from '../../shared/training-report';
import type { Model } from '../models/model';
import { exportOptimizerState } from '../train/optimizer';
import { syncFolder, writeFileDurably } from './durable-write';
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

export { checkpointName };

/** Saves into `root/step-NNNNNNNNN` and keeps the newest `keep` checkpoints in `root`. */
export async function saveCheckpoint(root: string, state: CheckpointState, reason: CheckpointSaved['reason'], keep = 2): Promise<CheckpointSaved> {
  const { progress } = state;
  const name = checkpointName(progress.step);
  const tempPath = path.join(root, checkpointTempName(progress.step, process.pid));
  try {
    await mkdir(root, { recursive: true });
    await removeTemporaries(root);
    await mkdir(tempPath);
    return await writeCheckpoint(root, name, tempPath, state, reason, keep);
  } catch (error) {
    await rm(tempPath, { recursive: true, force: true }).catch(() => undefined);
    if (isDiskFullError(error)) {
      throw new Error(`${DISK_FULL}: could not write checkpoint ${name} in ${root} (${(error as Error).message}); earlier checkpoints are kept`, { cause: error });
    }
    throw error;
  }
}

async function writeCheckpoint(
  root: string,
  name: string,
  tempPath: string,
  state: CheckpointState,
  reason: CheckpointSaved['reason'],
  keep: number,
): Promise<CheckpointSaved> {
  const { model, optimizer, config, dataset, progress, backend } = state;
  const finalPath = path.join(root, name);

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
  await writeFileDurably(path.join(tempPath, WEIGHTS_FILE), weightBytes);
  await writeFileDurably(path.join(tempPath, OPTIMIZER_FILE), momentBytes);
  await writeFileDurably(path.join(tempPath, MANIFEST_FILE), manifestText);
  await syncFolder(tempPath);
  await rm(finalPath, { recursive: true, force: true });
  await rename(tempPath, finalPath);
  await syncFolder(root);
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

/** Temporary folders of writes that never finished (a killed worker); one worker writes a run's checkpoints at a time. */
async function removeTemporaries(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (CHECKPOINT_TEMP_NAME.test(name)) await rm(path.join(root, name), { recursive: true, force: true });
  }
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
