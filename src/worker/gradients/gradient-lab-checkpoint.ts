/**
 * The gradient-estimator lab on request: a checkpoint's model, the first points of the run's
 * evaluation split (the same fixed order and targets as its evaluations, data/evaluation-splits.ts)
 * as the fixed batch, and the lab's grid of estimators × sample counts.
 */
import type { GradientLabResult } from '../../shared/gradient-lab';
import type { GradientLabRequest } from '../../shared/worker-protocol';
import { withCheckpointOnData } from '../checkpoint/checkpoint-on-data';
import { uploadSplitTargets } from '../train/device-data';
import { runGradientLab } from './gradient-lab';
import { partSize } from './gradient-problem';
import { modelGradientProblem } from './model-problem';

export async function gradientLabFromCheckpoint(request: GradientLabRequest, onProgress: (fraction: number) => void): Promise<Omit<GradientLabResult, 'runId'>> {
  const started = performance.now();
  return withCheckpointOnData(request.checkpointPath, request.cacheDir, async ({ model, config, progress, backend, splits, pixels }) => {
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
        backend: `${backend.name}: ${backend.device}`,
        groups: problem.groups.map((group) => ({ name: group.name, size: group.parts.reduce((sum, part) => sum + partSize(part, problem.variables), 0) })),
        rows,
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      targets.x.dispose();
    }
  });
}
