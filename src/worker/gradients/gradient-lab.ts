/**
 * The lab's measurement: for each estimator and sample count L, R independent estimates of the
 * encoder's gradient on the same batch, their per-coordinate moments summarised per parameter group,
 * and the wall-clock cost of one estimate. The noise is drawn on the host from a seeded stream, so a
 * lab is reproducible and its estimators see the same stream.
 */
import * as tf from '@tensorflow/tfjs';
import { GRADIENT_ESTIMATORS, type GradientEstimatorName, type GradientLabRow } from '../../shared/gradient-lab';
import { Random } from '../random';
import { decoderRowsPerEstimate, estimateEncoderGradient } from './estimators';
import { GradientMoments } from './gradient-statistics';
import type { GradientProblem } from './gradient-problem';

export interface GradientLabPlan {
  samples: readonly number[];
  replicates: number;
  seed: number;
  estimators?: readonly GradientEstimatorName[];
}

function standardNormal(random: Random, rows: number, columns: number): tf.Tensor2D {
  const values = new Float32Array(rows * columns);
  for (let i = 0; i < values.length; i++) values[i] = random.normal();
  return tf.tensor2d(values, [rows, columns]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** R estimates of one (estimator, L); returns their moments and the cost of each. */
export async function measureEstimator(
  problem: GradientProblem,
  estimator: GradientEstimatorName,
  samples: number,
  replicates: number,
  random: Random,
  onEstimate: () => void = () => {},
): Promise<{ moments: GradientMoments; milliseconds: number[] }> {
  if (!Number.isInteger(replicates) || replicates < 2) throw new RangeError(`a variance needs at least 2 replicates, got ${replicates}`);
  const moments = new GradientMoments(
    problem.variables.map((variable) => variable.size),
    problem.variables.map((variable) => variable.shape.at(-1) ?? 1),
  );
  const milliseconds: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const eps = standardNormal(random, samples * problem.points, problem.latentDim);
    const started = performance.now();
    const grads = estimateEncoderGradient(problem, estimator, eps, samples);
    try {
      // Reading the values back is part of the cost: it waits for the device to finish.
      const values = await Promise.all(grads.map((grad) => grad.data()));
      milliseconds.push(performance.now() - started);
      moments.add(values);
    } finally {
      tf.dispose([eps, ...grads]);
    }
    onEstimate();
  }
  return { moments, milliseconds };
}

export async function runGradientLab(problem: GradientProblem, plan: GradientLabPlan, onProgress: (fraction: number) => void = () => {}): Promise<GradientLabRow[]> {
  const estimators = plan.estimators ?? GRADIENT_ESTIMATORS;
  const total = estimators.length * plan.samples.length * plan.replicates;
  let done = 0;
  const rows: GradientLabRow[] = [];
  for (const estimator of estimators) {
    for (const samples of plan.samples) {
      // Each (estimator, L) gets its own stream, derived from the seed, so adding an L changes no other row.
      const random = new Random((plan.seed ^ Math.imul(samples, 0x9e3779b1) ^ Math.imul(GRADIENT_ESTIMATORS.indexOf(estimator) + 1, 0x85ebca6b)) >>> 0);
      const { moments, milliseconds } = await measureEstimator(problem, estimator, samples, plan.replicates, random, () => {
        done += 1;
        onProgress(done / total);
      });
      rows.push({
        estimator,
        samples,
        msPerEstimate: median(milliseconds),
        decoderRowsPerEstimate: decoderRowsPerEstimate(estimator, samples, problem.points),
        ...moments.summarizeGroups(problem.groups),
      });
    }
  }
  return rows;
}
