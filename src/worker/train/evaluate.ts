/**
 * Evaluation on one split, batched: the one-sample ELBO and its parts over every point (with its
 * standard error), the per-dimension KL and posterior variance, active units, mutual information
 * and the information-based collapse verdict, the IWAE bound with K samples on the first points
 * (with the ELBO on those same points), and the ELBO on a fixed training subset for the
 * generalisation gap. A VQ-VAE goes to evaluate-vq.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { collapseVerdict } from '../../shared/collapse-verdict';
import type { RunConfig } from '../../shared/config';
import { likelihoodAccounting } from '../../shared/likelihood-accounting';
import type { EpochEvaluation, EvaluationSplit } from '../../shared/training-report';
import { activeUnits } from '../diagnostics/active-units';
import { mutualInformation } from '../diagnostics/mutual-information';
import type { Model, VaeModel } from '../models/model';
import { gaussianLatent } from '../objectives/gaussian-latent';
import { Random } from '../random';
import type { EvaluationTargets } from './device-data';
import { evaluateVq } from './evaluate-vq';
import { iwaeEstimate } from './iwae-estimate';
import { PointStatistics } from './point-statistics';
import { deriveSeed, STREAM } from './seeds';

/** Points per evaluation batch. */
const EVAL_BATCH = 500;
/** Points per batch with an autoregressive decoder, whose feature maps per point are ~100× larger. */
const AUTOREGRESSIVE_EVAL_BATCH = 100;
/** Offsets of the evaluation noise streams, so the IWAE and train-subset ε differ from the ELBO's. */
const IWAE_NOISE = 1_000_000;
const TRAIN_SUBSET_NOISE = 2_000_000;

/** What evaluation learned about the held-out points that the snapshot reuses. */
export interface HeldOutEncoding {
  /** Latent coordinates of the first `count` held-out points (μ, or z_e for a VQ-VAE), count × dim. */
  latent: Float32Array;
  dim: number;
  count: number;
  /** Mean KL per dimension (VAE), for picking which dimensions to traverse. */
  klPerDim: number[];
}

export interface EvaluationResult {
  evaluation: EpochEvaluation;
  encoding: HeldOutEncoding;
}

export interface EvaluationBudget {
  iwaeK: number;
  /** IWAE points (the first ones of the split); 0 skips the bound. */
  iwaePoints: number;
  /** Points whose μ goes to the latent snapshot and the MI estimate. */
  latentPoints: number;
  /** Training points scored for the generalisation gap; null skips it. */
  trainSubset: EvaluationTargets | null;
  /** Progress in [0, 1] after each batch. */
  onProgress?: (fraction: number) => void;
  /**
   * Awaited after each batch: lets a stop request in (training stops at the next step, evaluation at
   * its next batch). It aborts the evaluation by throwing (EvaluationStopped).
   */
  stopPoint?: () => Promise<void>;
}

/** Thrown by a budget's stop point to end an evaluation early; nothing of it is reported. */
export class EvaluationStopped extends Error {
  constructor() {
    super('the evaluation was stopped');
    this.name = 'EvaluationStopped';
  }
}

/** The run's own per-epoch budget. */
export function epochBudget(config: RunConfig, trainSubset: EvaluationTargets | null): EvaluationBudget {
  return { iwaeK: config.eval.iwaeK, iwaePoints: config.eval.iwaePoints, latentPoints: config.eval.latentPoints, trainSubset };
}

export async function evaluate(
  model: Model,
  targets: EvaluationTargets<EvaluationSplit>,
  config: RunConfig,
  epoch: number,
  step: number,
  budget: EvaluationBudget,
): Promise<EvaluationResult> {
  const started = performance.now();
  const result = model.kind === 'vae' ? await evaluateVae(model, targets, config, epoch, step, budget) : await evaluateVq(model, targets, epoch, step, budget);
  result.evaluation.durationMs = performance.now() - started;
  return result;
}

interface ElboPass {
  elbo: { mean: number; stdErr: number };
  logPxMean: number;
  mu: Float32Array;
  logVar: Float32Array;
}

/** One z per point: per-point ELBO values (read back, summed in float64), plus μ and log σ² of every point. */
async function elboPass(model: VaeModel, targets: EvaluationTargets, noiseSeed: (batch: number) => number, onBatch?: (done: number) => void | Promise<void>): Promise<ElboPass> {
  const n = targets.count;
  const d = model.latentDim;
  const mu = new Float32Array(n * d);
  const logVar = new Float32Array(n * d);
  const elbos = new PointStatistics();
  let logPxSum = 0;
  const batchSize = model.autoregressive === null ? EVAL_BATCH : AUTOREGRESSIVE_EVAL_BATCH;
  for (let start = 0, batch = 0; start < n; start += batchSize, batch++) {
    const size = Math.min(batchSize, n - start);
    const [muT, logVarT, logPxT, elboT] = tf.tidy(() => {
      const x = tf.slice(targets.x, [start, 0], [size, targets.pixels]);
      const eps = tf.randomNormal([size, d], 0, 1, 'float32', noiseSeed(batch)) as tf.Tensor2D;
      const q = gaussianLatent(model.encodeParams(x), eps, model.logVarBand);
      const logPx = model.head.logLikelihood(x, model.decode(q.z, x));
      return [q.mu, q.logVar, tf.sum(logPx), tf.sub(logPx, tf.sum(q.klPerDim, 1))];
    });
    const [muV, logVarV, logPxV, elboV] = await Promise.all([muT.data(), logVarT.data(), logPxT.data(), elboT.data()]);
    tf.dispose([muT, logVarT, logPxT, elboT]);
    mu.set(muV, start * d);
    logVar.set(logVarV, start * d);
    logPxSum += logPxV[0] as number;
    elbos.add(elboV);
    await onBatch?.(start + size);
  }
  return { elbo: elbos.result(), logPxMean: logPxSum / n, mu, logVar };
}

/** Per-dimension mean KL(q(z_d|x) ‖ N(0,1)) and mean posterior variance over the first `count` rows, in float64. */
function posteriorSummary(mu: Float32Array, logVar: Float32Array, count: number, d: number): { klPerDim: number[]; posteriorVariance: number[] } {
  const kl = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < d; j++) {
      const m = mu[i * d + j] as number;
      const lv = logVar[i * d + j] as number;
      const v = Math.exp(lv);
      kl[j] = (kl[j] as number) + 0.5 * (m * m + v - 1 - lv);
      variance[j] = (variance[j] as number) + v;
    }
  }
  return { klPerDim: Array.from(kl, (s) => s / count), posteriorVariance: Array.from(variance, (s) => s / count) };
}

async function evaluateVae(model: VaeModel, targets: EvaluationTargets<EvaluationSplit>, config: RunConfig, epoch: number, step: number, budget: EvaluationBudget): Promise<EvaluationResult> {
  const n = targets.count;
  const d = model.latentDim;
  const iwaePoints = Math.min(budget.iwaePoints, n);
  const subsetPoints = budget.trainSubset?.count ?? 0;
  // Progress is counted in decoder passes: one per point for the ELBOs, K per IWAE point.
  const totalWork = n + subsetPoints + iwaePoints * budget.iwaeK;
  const report = async (done: number) => {
    budget.onProgress?.(Math.min(1, done / totalWork));
    await budget.stopPoint?.();
  };
  const evalSeed = (offset: number) => (index: number) => deriveSeed(config.seed, STREAM.evalNoise, epoch, offset + index);

  const pass = await elboPass(model, targets, evalSeed(0), report);
  const { klPerDim: allKl, posteriorVariance } = posteriorSummary(pass.mu, pass.logVar, n, d);
  const kl = allKl.reduce((a, b) => a + b, 0);
  const units = activeUnits(pass.mu, n, d);
  const latentCount = Math.min(n, budget.latentPoints);
  const miRandom = new Random(deriveSeed(config.seed, STREAM.mutualInformation, epoch));
  const mi = latentCount >= 2 ? mutualInformation(pass.mu.subarray(0, latentCount * d), pass.logVar.subarray(0, latentCount * d), latentCount, d, miRandom) : null;
  // The verdict's KL is on the MI's own points, so KL − I is the marginal KL of one point set.
  const miKl = posteriorSummary(pass.mu, pass.logVar, latentCount, d).klPerDim.reduce((a, b) => a + b, 0);
  const verdict = mi === null ? null : collapseVerdict({ mutualInformation: mi, points: latentCount, totalKl: miKl, variances: units.variances });

  const subset = budget.trainSubset;
  const subsetPass = subset === null ? null : await elboPass(model, subset, evalSeed(TRAIN_SUBSET_NOISE), (done) => report(n + done));
  const iwae = await iwaeEstimate(model, targets, {
    k: budget.iwaeK,
    points: iwaePoints,
    noiseSeed: evalSeed(IWAE_NOISE),
    accounting: likelihoodAccounting(config),
    onChunk: (done) => report(n + subsetPoints + done * budget.iwaeK),
  });
  const evaluation: EpochEvaluation = {
    epoch,
    step,
    split: targets.split,
    heldOutPoints: n,
    elbo: pass.elbo.mean,
    elboStdErr: pass.elbo.stdErr,
    recon: -pass.logPxMean,
    kl,
    iwae,
    klPerDim: allKl,
    posteriorVariance,
    activeUnits: units,
    mutualInformation: mi,
    verdict,
    trainSubset: subsetPass === null || subset === null ? null : { points: subset.count, elbo: subsetPass.elbo.mean, elboStdErr: subsetPass.elbo.stdErr },
    codebook: null,
    durationMs: 0,
  };
  return { evaluation, encoding: { latent: pass.mu.slice(0, latentCount * d), dim: d, count: latentCount, klPerDim: allKl } };
}
