/**
 * An evaluation on request: a checkpoint's model on one split with the caller's budget (e.g. the
 * IWAE bound with K = 5,000 on every test point, as papers report it). The split's points and
 * targets are the same ones the run's own evaluations use (data/evaluation-splits.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochEvaluation } from '../shared/training-report';
import type { EvaluateRequest } from '../shared/worker-protocol';
import { selectBackend } from './backend/select-backend';
import { modelFromCheckpoint, readCheckpoint } from './checkpoint/load-checkpoint';
import { runSplits } from './data/evaluation-splits';
import { loadDataset } from './data/load-dataset';
import { uploadSplitTargets } from './train/device-data';
import { evaluate } from './train/evaluate';
import type { Model } from './models/model';

export async function evaluateCheckpoint(request: EvaluateRequest, onProgress: (fraction: number) => void): Promise<EpochEvaluation> {
  const contents = await readCheckpoint(request.checkpointPath);
  const { config, progress } = contents.manifest;
  let model: Model;
  try {
    await selectBackend(config.backend);
    model = modelFromCheckpoint(contents, request.checkpointPath);
  } finally {
    tf.dispose([...contents.weights.values(), ...contents.optimizer.moments.map((m) => m.tensor)]);
  }
  try {
    const dataset = await loadDataset(config.data.dataset, { cacheDir: request.cacheDir });
    if (dataset.info.contentHash !== contents.manifest.dataset.contentHash) {
      throw new Error(`the dataset "${dataset.info.name}" on this machine differs from the one the run trained on (content hash ${dataset.info.contentHash.slice(0, 12)} ≠ ${contents.manifest.dataset.contentHash.slice(0, 12)})`);
    }
    const splits = runSplits(dataset, config.data.validationFraction);
    if (request.split === 'validation' && splits.epochSplit !== 'validation') {
      throw new Error('this run holds out no validation split (validationFraction 0): evaluate it on the test split');
    }
    const rows = request.split === 'test' ? splits.test : splits.epochRows;
    const pixels = dataset.info.height * dataset.info.width * dataset.info.channels;
    const { targets } = uploadSplitTargets(rows, pixels, config, request.split, request.points);
    try {
      const budget = { iwaeK: request.iwaeK, iwaePoints: targets.count, latentPoints: Math.min(targets.count, config.eval.latentPoints), trainSubset: null, onProgress };
      const { evaluation } = await evaluate(model, targets, config, progress.epoch, progress.step, budget);
      return evaluation;
    } finally {
      targets.x.dispose();
    }
  } finally {
    model.dispose();
  }
}
