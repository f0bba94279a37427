/**
 * An evaluation on request: a checkpoint's model on one split with the caller's budget (e.g. the
 * IWAE bound with K = 5,000 on every test point, as papers report it). The split's points and
 * targets are the same ones the run's own evaluations use (data/evaluation-splits.ts).
 */
import type { EpochEvaluation } from '../shared/training-report';
import type { EvaluateRequest } from '../shared/worker-protocol';
import { withCheckpointOnData } from './checkpoint/checkpoint-on-data';
import { uploadSplitTargets } from './train/device-data';
import { evaluate } from './train/evaluate';

export async function evaluateCheckpoint(request: EvaluateRequest, onProgress: (fraction: number) => void): Promise<EpochEvaluation> {
  return withCheckpointOnData(request.checkpointPath, request.cacheDir, async ({ model, config, progress, splits, pixels }) => {
    if (request.split === 'validation' && splits.epochSplit !== 'validation') {
      throw new Error('this run holds out no validation split (validationFraction 0): evaluate it on the test split');
    }
    const rows = request.split === 'test' ? splits.test : splits.epochRows;
    const { targets } = uploadSplitTargets(rows, pixels, config, request.split, request.points);
    try {
      const budget = { iwaeK: request.iwaeK, iwaePoints: targets.count, latentPoints: Math.min(targets.count, config.eval.latentPoints), trainSubset: null, onProgress };
      const { evaluation } = await evaluate(model, targets, config, progress.epoch, progress.step, budget);
      return evaluation;
    } finally {
      targets.x.dispose();
    }
  });
}
