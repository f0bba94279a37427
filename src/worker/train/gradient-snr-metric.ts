/**
 * The gradient SNR of the training estimator as a run metric (diagnostics.gradientSnrEvery, off by
 * default). On the steps it picks, before the step's update and on the step's own training batch:
 * R reparameterization estimates with L = 1 sample (the ELBO's training estimator) of the encoder's
 * gradient of −ELBO, and per parameter group the mean over coordinates of |mean| / sd. This is the
 * gradient lab's measurement (gradients/gradient-lab.ts, its `snr`) taken during training, with
 * the lab's code, so the two agree on the same batch and noise. The groups are fixed for every
 * architecture, so the catalogue can name them: the encoder's layers below its head, the head's μ
 * and log σ² halves, and everything together.
 *
 * Cost: R gradient computations without an update, about R training steps' worth each time it runs
 * (README, New run form), and R small read-backs. The noise comes from its own seeded stream, so
 * measuring changes no number of the run's own.
 */
import type * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { GradientSnr, StepMetrics } from '../../shared/training-report';
import { measureEstimator } from '../gradients/gradient-lab';
import type { ParameterGroupSpec } from '../gradients/gradient-problem';
import { HEAD_LOG_VAR_GROUP, HEAD_MU_GROUP, modelGradientProblem } from '../gradients/model-problem';
import type { Model } from '../models/model';
import { Random } from '../random';
import { trainingBatch, type DeviceData } from './device-data';
import { deriveSeed, STREAM } from './seeds';

/** Measures the SNR on the chosen steps and hands each result to the report of its step. */
export class GradientSnrMetric {
  /** Results waiting for their step's metrics report, by step. */
  private readonly measured = new Map<number, GradientSnr>();

  private constructor(
    private readonly model: Model,
    private readonly config: RunConfig,
  ) {}

  /** null when the run does not ask for it. */
  static create(config: RunConfig, model: Model): GradientSnrMetric | null {
    return config.diagnostics.gradientSnrEvery > 0 ? new GradientSnrMetric(model, config) : null;
  }

  /** Whether `step` is one of the measured steps: the first, then every gradientSnrEvery-th. */
  due(step: number): boolean {
    return step % this.config.diagnostics.gradientSnrEvery === 0;
  }

  /**
   * Measures on the batch step `step` is about to train on (rows from `start` of the epoch's
   * `order`, binarized or dequantized as the step will be), at the parameters it starts from, and
   * keeps the result for that step's report.
   */
  async measureStep(data: DeviceData, order: tf.Tensor1D, start: number, step: number): Promise<GradientSnr> {
    const size = Math.min(this.config.optim.batchSize, data.trainCount - start);
    const x = trainingBatch(data, order, start, size, this.config, step);
    try {
      const snr = await measureGradientSnr(this.model, x, this.config.diagnostics.gradientSnrEstimates, deriveSeed(this.config.seed, STREAM.gradientSnr, step));
      this.measured.set(step, snr);
      return snr;
    } finally {
      x.dispose();
    }
  }

  /** Puts each waiting result on its step's metrics (the window being reported), and forgets it. */
  attach(steps: StepMetrics[]): void {
    for (const metrics of steps) {
      const snr = this.measured.get(metrics.step);
      if (snr === undefined) continue;
      metrics.gradientSnr = snr;
      this.measured.delete(metrics.step);
    }
  }
}

/**
 * The SNR per group from `estimates` reparameterization estimates (L = 1) of the encoder's −ELBO
 * gradient on batch `x`, the noise drawn from `new Random(seed)` as the lab draws it.
 */
export async function measureGradientSnr(model: Model, x: tf.Tensor2D, estimates: number, seed: number): Promise<GradientSnr> {
  const problem = modelGradientProblem(model, x);
  const { moments } = await measureEstimator(problem, 'reparameterization', 1, estimates, new Random(seed));
  const named = (name: string) => problem.groups.filter((group) => group.name === name);
  const body = problem.groups.filter((group) => group.name !== HEAD_MU_GROUP && group.name !== HEAD_LOG_VAR_GROUP);
  const snrOf = (groups: readonly ParameterGroupSpec[]) => moments.meanSnr(groups.flatMap((group) => group.parts));
  return {
    all: moments.meanSnr(problem.variables.map((_, variable) => ({ variable }))),
    body: body.length > 0 ? snrOf(body) : null,
    headMu: snrOf(named(HEAD_MU_GROUP)),
    headLogVar: snrOf(named(HEAD_LOG_VAR_GROUP)),
    estimates,
  };
}
