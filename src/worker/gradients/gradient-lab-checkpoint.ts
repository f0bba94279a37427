/**
 * The gradient-estimator lab on request: a checkpoint's model, the first points of the run's
 * evaluation split (the same fixed order and targets as its evaluations, data/evaluation-splits.ts)
 * as the fixed batch, and the lab's grid of estimators × sample counts.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientLabResult } from '../../shared/gradient-lab';
import type { GradientLabRequest } from '../../shared/worker-protocol';
import { selectBackend } from '../backend/select-backend';
import { modelFromCheckpoint, readCheckpoint } from '../checkpoint/load-checkpoint';
import { runSplits } from '../data/evaluation-splits';
import { loadDataset } from '../data/load-dataset';
import type { Model } from '../models/model';
import { uploadSplitTargets } from '../train/device-data';
import { runGradientLab } from './gradient-lab';
import { partSize } from './gradient-problem';
import { modelGradientProblem } from './model-problem';

export async function gradientLabFromCheckpoint(request: GradientLabRequest, onProgress: (fraction: number) => void): Promise<Omit<GradientLabResult, 'runId'>> {
  const started = performance.now();
  const contents = await readCheckpoint(request.checkpointPath);
  const { config, progress } = contents.manifest;
  let model: Model;
  let backend: string;
  try {
    const info = await selectBackend(config.backend);
    backend = `${info.name}: ${info.device}`;
    model = modelFromCheckpoint(contents, request.checkpointPath);
  } finally {
    tf.dispose([...contents.weights.values(), ...contents.optimizer.moments.map((m) => m.tensor)]);
  }
  try {
    const dataset = await loadDataset(config.data.dataset, { cacheDir: request.cacheDir });
    if (dataset.info.contentHash !== contents.manifest.dataset.contentHash) {
      throw new Error(`the dataset "${dataset.info.name}" on this machine differs from the one the run trained on`);
    }
    const splits = runSplits(dataset, config.data.validationFraction);
    const pixels = dataset.info.height * dataset.info.width * dataset.info.channels;
    const { targets } = uploadSplitTargets(splits.epochRows, pixels, config, splits.epochSplit, request.points);
    try {
      const problem = modelGradientProblem(model, targets.x);
      const rows = await runGradientLab(problem, { samples: request.samples, replicates: request.replicates, seed: config.seed }, onProgress);
      return {
        epoch: progress.epoch,
        step: progress.step,
        split: splits.epochSplit,
        points: targets.count,
        replicates: request.replicates,
        samples: request.samples,
        backend,
        groups: problem.groups.map((group) => ({ name: group.name, size: group.parts.reduce((sum, part) => sum + partSize(part, problem.variables), 0) })),
        rows,
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      targets.x.dispose();
    }
  } finally {
    model.dispose();
  }
}
