/**
 * The training objective of one batch, as scalars: what the optimizer minimizes and the parts the
 * UI plots. ELBO (with β and free bits), the IWAE bound, or the VQ-VAE loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import { elboTerms } from '../objectives/elbo';
import { gaussianLatent } from '../objectives/gaussian-latent';
import { gaussianKlPerDim } from '../objectives/gaussian-kl';
import { iwaeBound, logNormalDiag, logStandardNormal, repeatRows } from '../objectives/iwae';
import { reparameterize } from '../objectives/reparameterize';
import type { Model, VaeModel, VqVaeModel } from '../models/model';

export interface ObjectiveTerms {
  loss: tf.Scalar;
  /** −log p(x | z), mean over the batch (and over the K samples for IWAE). */
  recon: tf.Scalar;
  /** Analytic Σ_d KL, mean over the batch; 0 for a VQ-VAE. */
  kl: tf.Scalar;
  /** β·commitment, mean over the batch; 0 for a VAE. */
  vqLoss: tf.Scalar;
  /** VQ-VAE only: the encoder outputs and their codes, for the codebook's moving-average update. */
  assignments?: { ze: tf.Tensor2D; codes: tf.Tensor2D };
}

export interface ObjectiveContext {
  config: RunConfig;
  /** KL weight for this step (from the schedule). */
  beta: number;
  /** Seed of this step's ε draw. */
  noiseSeed: number;
}

export function batchObjective(model: Model, x: tf.Tensor2D, context: ObjectiveContext): ObjectiveTerms {
  if (model.kind === 'vq-vae') return vqObjective(model, x, context.config.model.vq.commitmentCost);
  return context.config.objective.kind === 'iwae' ? iwaeObjective(model, x, context) : elboObjective(model, x, context);
}

function elboObjective(model: VaeModel, x: tf.Tensor2D, { config, beta, noiseSeed }: ObjectiveContext): ObjectiveTerms {
  const eps = tf.randomNormal([x.shape[0], model.latentDim], 0, 1, 'float32', noiseSeed) as tf.Tensor2D;
  const { z, klPerDim } = gaussianLatent(model.encodeParams(x), eps, model.logVarBand);
  const logPx = model.head.logLikelihood(x, model.decode(z, x));
  const terms = elboTerms({ logPx, klPerDim, beta, freeBits: config.objective.freeBits });
  return { loss: terms.loss, recon: terms.recon, kl: terms.kl, vqLoss: tf.scalar(0) };
}

/**
 * Burda et al.'s bound with K samples per example: all K·B decoder passes in one batch, x tiled K
 * times so row k·B + b of the samples meets row b of the data.
 */
function iwaeObjective(model: VaeModel, x: tf.Tensor2D, { config, noiseSeed }: ObjectiveContext): ObjectiveTerms {
  const k = config.objective.iwaeK;
  const [batch] = x.shape;
  const { mu, logVar } = model.encode(x);
  const latent = mu.shape[1];
  const eps = tf.randomNormal([k, batch, latent], 0, 1, 'float32', noiseSeed);
  const z = reparameterize(mu, logVar, eps); // [K, B, D], μ and σ broadcast over K
  const xs = repeatRows(x, k);
  const outputs = model.decode(tf.reshape(z, [k * batch, latent]) as tf.Tensor2D, xs);
  const logPx = tf.reshape(model.head.logLikelihood(xs, outputs), [k, batch]);
  const logWeights = logPx.add(logStandardNormal(z)).sub(logNormalDiag(z, mu, logVar)) as tf.Tensor2D;
  const bound = iwaeBound(logWeights);
  return {
    loss: tf.neg(tf.mean(bound)) as tf.Scalar,
    recon: tf.neg(tf.mean(logPx)) as tf.Scalar,
    kl: tf.mean(tf.sum(gaussianKlPerDim(mu, logVar), 1)) as tf.Scalar,
    vqLoss: tf.scalar(0),
  };
}

function vqObjective(model: VqVaeModel, x: tf.Tensor2D, commitmentCost: number): ObjectiveTerms {
  const ze = model.encode(x);
  const quantized = model.quantizer.quantize(ze);
  const logPx = model.head.logLikelihood(x, model.decode(quantized.zq));
  const recon = tf.neg(tf.mean(logPx)) as tf.Scalar;
  const vqLoss = tf.mean(quantized.commitmentLoss).mul(commitmentCost) as tf.Scalar;
  return { loss: recon.add(vqLoss), recon, kl: tf.scalar(0), vqLoss, assignments: { ze, codes: quantized.codes } };
}
