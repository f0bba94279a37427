/**
 * One optimizer step: objective, gradients of every parameter, global-norm clipping, Adam update.
 * It returns the step's metrics as one small tensor that stays on the device; nothing here reads
 * back to the host, so a GPU backend can queue steps without waiting.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { Model } from '../models/model';
import { fusedGlobalNorm } from '../blas/fused-ops';
import { batchObjective } from './objective';
import type { WorkbenchAdam } from './optimizer';

/** Layout of the metrics vector a step returns. */
export const STEP_METRICS = ['loss', 'recon', 'kl', 'vqLoss', 'gradNorm'] as const;
export type StepMetricName = (typeof STEP_METRICS)[number];

export type TrainStep = (x: tf.Tensor2D, beta: number, noiseSeed: number) => tf.Tensor1D;

export function createTrainStep(model: Model, config: RunConfig, optimizer: WorkbenchAdam): TrainStep {
  const variables = model.parameters.variables;
  const clip = config.optim.gradClipNorm;
  return (x, beta, noiseSeed) =>
    tf.tidy(() => {
      // The forward pass runs inside variableGrads' own scope; its parts are kept explicitly
      // (and disposed below) so they survive to be reported.
      let parts: tf.Scalar[] | null = null;
      let assignments: { ze: tf.Tensor2D; codes: tf.Tensor2D } | null = null;
      const { grads } = tf.variableGrads(() => {
        const terms = batchObjective(model, x, { config, beta, noiseSeed });
        parts = [terms.loss, terms.recon, terms.kl, terms.vqLoss].map((t) => tf.keep(t));
        if (terms.assignments) assignments = { ze: tf.keep(terms.assignments.ze), codes: tf.keep(terms.assignments.codes) };
        return terms.loss;
      }, variables);
      // value is the loss the parts hold too: left to the tidy, not disposed before they are stacked.
      const ordered = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      const gradNorm = fusedGlobalNorm(ordered) ?? (tf.sqrt(tf.addN(ordered.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
      // scale = clip / max(norm, clip): 1 below the threshold, otherwise rescales to norm = clip.
      const scale = clip === null ? null : (tf.div(clip, tf.maximum(gradNorm, clip)) as tf.Scalar);
      // Always the full list in the same order: Adam keys its moments by position.
      optimizer.applyScaledGradients(
        variables.map((v, i) => ({ name: v.name, tensor: ordered[i] as tf.Tensor })),
        scale,
      );
      const assigned = assignments as { ze: tf.Tensor2D; codes: tf.Tensor2D } | null;
      if (assigned !== null && model.kind === 'vq-vae') {
        model.quantizer.updateCodebook(assigned.ze, assigned.codes);
        tf.dispose([assigned.ze, assigned.codes]);
      }
      const kept = parts as tf.Scalar[] | null;
      if (kept === null) throw new Error('the objective produced no metrics');
      const metrics = tf.stack([...kept, gradNorm]) as tf.Tensor1D;
      tf.dispose(kept);
      return metrics;
    });
}
