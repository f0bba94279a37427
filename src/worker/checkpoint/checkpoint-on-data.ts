/**
 * A run's checkpoint back on the data it trained on, for the jobs a user asks of a saved model (an
 * evaluation, the gradient lab): the backend the run chose, the model rebuilt from its weights, and
 * the dataset, refused when this machine's copy differs from the run's.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { BackendInfo } from '../../shared/training-report';
import { selectBackend } from '../backend/select-backend';
import { pixelsPerImage, runSplits, type RunSplits } from '../data/evaluation-splits';
import { loadDataset } from '../data/load-dataset';
import type { Model } from '../models/model';
import type { CheckpointProgress } from './format';
import { modelFromCheckpoint, readCheckpoint } from './load-checkpoint';

export interface CheckpointOnData {
  model: Model;
  config: RunConfig;
  progress: CheckpointProgress;
  backend: BackendInfo;
  /** The run's splits of the dataset (the same rows its own evaluations used). */
  splits: RunSplits;
  pixels: number;
}

/** Loads the checkpoint and its data, hands them to `use`, and frees the model when `use` settles. */
export async function withCheckpointOnData<T>(checkpointPath: string, cacheDir: string, use: (loaded: CheckpointOnData) => Promise<T>): Promise<T> {
  const contents = await readCheckpoint(checkpointPath);
  const { config, progress, dataset: trainedOn } = contents.manifest;
  let model: Model;
  let backend: BackendInfo;
  try {
    backend = await selectBackend(config.backend);
    model = modelFromCheckpoint(contents, checkpointPath);
  } finally {
    // The model holds its own copies; the optimizer's moments are not needed to evaluate.
    tf.dispose([...contents.weights.values(), ...contents.optimizer.moments.map((m) => m.tensor)]);
  }
  try {
    const dataset = await loadDataset(config.data.dataset, { cacheDir });
    if (dataset.info.contentHash !== trainedOn.contentHash) {
      throw new Error(`the dataset "${dataset.info.name}" on this machine differs from the one the run trained on (content hash ${dataset.info.contentHash.slice(0, 12)} ≠ ${trainedOn.contentHash.slice(0, 12)})`);
    }
    const splits = runSplits(dataset, config.data.validationFraction);
    return await use({ model, config, progress, backend, splits, pixels: pixelsPerImage(dataset) });
  } finally {
    model.dispose();
  }
}
