/**
 * Per-epoch evaluation on held-out data, batched: the one-sample ELBO and its parts over every
 * held-out point, the per-dimension KL, active units, mutual information and collapse flags, the
 * IWAE bound with K samples on the first `iwaePoints` points, and for a VQ-VAE the codebook usage.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { EpochEvaluation, IwaeEstimate } from '../../shared/training-report';
import { activeUnits } from '../diagnostics/active-units';
import { collapseReport } from '../diagnostics/collapse';
import { mutualInformation } from '../diagnostics/mutual-information';
import { gaussianLatent } from '../objectives/gaussian-latent';
import { bitsPerDim, iwaeBound, logNormalDiag, logStandardNormal, repeatRows } from '../objectives/iwae';
import { reparameterize } from '../objectives/reparameterize';
import type { Model, VaeModel, VqVaeModel } from '../models/model';
import { Random } from '../random';
import type { DeviceData } from './device-data';
import { deriveSeed, STREAM } from './seeds';

/** Held-out points per evaluation batch. */
const EVAL_BATCH = 500;
/** Decoder rows per IWAE chunk (K samples × points), bounding memory at ~16 MB for MNIST logits. */
const IWAE_ROWS = 5000;

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

export async function evaluate(model: Model, data: DeviceData, config: RunConfig, epoch: number, step: number): Promise<EvaluationResult> {
  const started = performance.now();
  const result = model.kind === 'vae' ? await evaluateVae(model, data, config, epoch, step) : await evaluateVq(model, data, config, epoch, step);
  result.evaluation.durationMs = performance.now() - started;
  return result;
}

function heldOutBatch(data: DeviceData, start: number, size: number): tf.Tensor2D {
  return tf.slice(data.heldOut, [start, 0], [size, data.pixels]);
}

async function evaluateVae(model: VaeModel, data: DeviceData, config: RunConfig, epoch: number, step: number): Promise<EvaluationResult> {
  const n = data.heldOutCount;
  const d = model.latentDim;
  const mu = new Float32Array(n * d);
  const logVar = new Float32Array(n * d);
  const klSums = new Float64Array(d);
  let logPxSum = 0;
  for (let start = 0, batchIndex = 0; start < n; start += EVAL_BATCH, batchIndex++) {
    const size = Math.min(EVAL_BATCH, n - start);
    const [muT, logVarT, logPxT, klT] = tf.tidy(() => {
      const x = heldOutBatch(data, start, size);
      const eps = tf.randomNormal([size, d], 0, 1, 'float32', deriveSeed(config.seed, STREAM.evalNoise, epoch, batchIndex)) as tf.Tensor2D;
      const q = gaussianLatent(model.encodeParams(x), eps, model.logVarBand);
      const logPx = model.head.logLikelihood(x, model.decode(q.z));
      return [q.mu, q.logVar, tf.sum(logPx), tf.sum(q.klPerDim, 0)];
    });
    const [muV, logVarV, logPxV, klV] = await Promise.all([muT.data(), logVarT.data(), logPxT.data(), klT.data()]);
    tf.dispose([muT, logVarT, logPxT, klT]);
    mu.set(muV, start * d);
    logVar.set(logVarV, start * d);
    logPxSum += logPxV[0] as number;
    for (let j = 0; j < d; j++) klSums[j] = (klSums[j] as number) + (klV[j] as number);
  }
  const klPerDim = Array.from(klSums, (sum) => sum / n);
  const kl = klPerDim.reduce((a, b) => a + b, 0);
  const recon = -logPxSum / n;
  const units = activeUnits(mu, n, d);
  const latentCount = Math.min(n, config.eval.latentPoints);
  const mi = mutualInformation(
    mu.subarray(0, latentCount * d),
    logVar.subarray(0, latentCount * d),
    latentCount,
    d,
    new Random(deriveSeed(config.seed, STREAM.mutualInformation, epoch)),
  );
  const collapse = collapseReport(klPerDim, units.variances);
  const evaluation: EpochEvaluation = {
    epoch,
    step,
    heldOutPoints: n,
    elbo: -(recon + kl),
    recon,
    kl,
    iwae: await iwaeEstimate(model, data, config, epoch),
    klPerDim,
    activeUnits: units,
    mutualInformation: mi,
    collapse,
    codebook: null,
    durationMs: 0,
  };
  return { evaluation, encoding: { latent: mu.slice(0, latentCount * d), dim: d, count: latentCount, klPerDim } };
}

/** The IWAE bound with eval.iwaeK samples on the first eval.iwaePoints held-out points. */
async function iwaeEstimate(model: VaeModel, data: DeviceData, config: RunConfig, epoch: number): Promise<IwaeEstimate | null> {
  const k = config.eval.iwaeK;
  const points = Math.min(config.eval.iwaePoints, data.heldOutCount);
  if (points === 0) return null;
  const chunk = Math.max(1, Math.floor(IWAE_ROWS / k));
  let boundSum = 0;
  for (let start = 0, chunkIndex = 0; start < points; start += chunk, chunkIndex++) {
    const size = Math.min(chunk, points - start);
    const sum = tf.tidy(() => {
      const x = heldOutBatch(data, start, size);
      const { mu, logVar } = model.encode(x);
      const d = mu.shape[1];
      const eps = tf.randomNormal([k, size, d], 0, 1, 'float32', deriveSeed(config.seed, STREAM.evalNoise, epoch, 1_000_000 + chunkIndex));
      const z = reparameterize(mu, logVar, eps);
      const outputs = model.decode(tf.reshape(z, [k * size, d]) as tf.Tensor2D);
      const logPx = tf.reshape(model.head.logLikelihood(repeatRows(x, k), outputs), [k, size]);
      const logWeights = logPx.add(logStandardNormal(z)).sub(logNormalDiag(z, mu, logVar)) as tf.Tensor2D;
      return tf.sum(iwaeBound(logWeights));
    });
    boundSum += (await sum.data())[0] as number;
    sum.dispose();
  }
  const bound = boundSum / points;
  return { k, points, bound, nll: -bound, bitsPerDim: bitsPerDim(-bound, data.pixels) };
}

async function evaluateVq(model: VqVaeModel, data: DeviceData, config: RunConfig, epoch: number, step: number): Promise<EvaluationResult> {
  const n = data.heldOutCount;
  const { slots, dim, size: codebookSize } = model.quantizer;
  const latentCount = Math.min(n, config.eval.latentPoints);
  const latent = new Float32Array(latentCount * slots * dim);
  const histogram = new Float64Array(codebookSize);
  let logPxSum = 0;
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, n - start);
    const [zeT, codesT, logPxT] = tf.tidy(() => {
      const x = heldOutBatch(data, start, size);
      const ze = model.encode(x);
      const q = model.quantizer.quantize(ze);
      return [ze, q.codes, tf.sum(model.head.logLikelihood(x, model.decode(q.zq)))];
    });
    const [zeV, codesV, logPxV] = await Promise.all([zeT.data(), codesT.data(), logPxT.data()]);
    tf.dispose([zeT, codesT, logPxT]);
    if (start < latentCount) latent.set(zeV.subarray(0, Math.min(size, latentCount - start) * slots * dim), start * slots * dim);
    for (const code of codesV) histogram[code] = (histogram[code] as number) + 1;
    logPxSum += logPxV[0] as number;
  }
  const total = histogram.reduce((a, b) => a + b, 0);
  let entropy = 0;
  let usedCodes = 0;
  for (const count of histogram) {
    if (count === 0) continue;
    usedCodes++;
    const p = count / total;
    entropy -= p * Math.log(p);
  }
  const recon = -logPxSum / n;
  // With a uniform prior over codes, KL(q(c|x) ‖ p(c)) = log K per slot for a one-hot posterior.
  const kl = slots * Math.log(codebookSize);
  const evaluation: EpochEvaluation = {
    epoch,
    step,
    heldOutPoints: n,
    elbo: -(recon + kl),
    recon,
    kl,
    iwae: null,
    klPerDim: [],
    activeUnits: { count: 0, variances: [], active: [] },
    mutualInformation: null,
    collapse: { collapsed: [], collapsedCount: 0, activeCount: 0, totalKl: kl },
    codebook: { codebookSize, usedCodes, perplexity: Math.exp(entropy) },
    durationMs: 0,
  };
  return { evaluation, encoding: { latent, dim: slots * dim, count: latentCount, klPerDim: [] } };
}
