/**
 * Adam (tf.train.adam) and its state for checkpoints: the moments, the iteration count, and the
 * running products β₁ᵗ, β₂ᵗ used for bias correction.
 *
 * Why save the products: Adam.setWeights recomputes them as pow(β, t + 1), while training keeps
 * them as a running float32 product; the two differ in the last bits, enough to make a resumed run
 * drift from the uninterrupted one. Restoring the saved products makes resume bit-exact.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimConfig } from '../../shared/config';
import { type AdamState, fusedAdam } from '../blas/fused-ops';
import type { ParameterSet } from '../models/parameters';

/** PyTorch's default; tf.train.adam would otherwise take the backend's (1e-7 on CPU, 1e-4 on WebGL). */
export const ADAM_EPSILON = 1e-8;

export function createOptimizer(optim: OptimConfig): WorkbenchAdam {
  return new WorkbenchAdam(optim.lr, optim.beta1, optim.beta2, ADAM_EPSILON);
}

/** The private state inside tfjs' AdamOptimizer (stable since tfjs 1.x). */
interface AdamInternals {
  accBeta1: tf.Variable<tf.Rank.R0>;
  accBeta2: tf.Variable<tf.Rank.R0>;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/**
 * tf.train.adam, whose step can also scale the gradients (for clipping) and which runs the whole
 * update of each parameter as one fused kernel where the backend has it ('cpu-blas'): the stock
 * update is a dozen element-wise passes per parameter. Its state, and so the checkpoints, are the
 * stock optimizer's: the moments are the same variables under the same names.
 */
export class WorkbenchAdam extends tf.AdamOptimizer {
  /** applyGradients on gradients multiplied by `scale` first (null: as they are). */
  applyScaledGradients(gradients: NamedTensor[], scale: tf.Scalar | null): void {
    const hyper = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    const state = this as unknown as AdamInternals;
    const fused = tf.tidy(() => {
      const updates: { variable: tf.Variable; next: AdamState; m: tf.Variable; v: tf.Variable }[] = [];
      for (const [i, { name, tensor }] of gradients.entries()) {
        const variable = tf.engine().registeredVariables[name];
        if (variable === undefined) throw new Error(`Adam: no variable named "${name}"`);
        const m = (state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) }).variable;
        const v = (state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) }).variable;
        const next = fusedAdam({ value: variable, m, v }, tensor, scale, state.accBeta1, state.accBeta2, hyper);
        if (next === null) return false;
        updates.push({ variable, next, m, v });
      }
      // Assigned only once every update is computed, so a failure leaves the parameters as they were.
      for (const { variable, next, m, v } of updates) {
        m.assign(next.m);
        v.assign(next.v);
        variable.assign(next.value);
      }
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
      return true;
    });
    if (fused) {
      this.incrementIterations();
      return;
    }
    tf.tidy(() => this.applyGradients(scale === null ? gradients : gradients.map(({ name, tensor }) => ({ name, tensor: tf.mul(tensor, scale) }))));
  }
}

function internals(optimizer: tf.AdamOptimizer): AdamInternals {
  const inner = optimizer as unknown as Partial<AdamInternals>;
  if (!(inner.accBeta1 instanceof tf.Variable) || !(inner.accBeta2 instanceof tf.Variable)) {
    throw new Error('this tfjs version keeps Adam state differently; checkpoints cannot save the optimizer');
  }
  return inner as AdamInternals;
}

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export interface OptimizerState {
  iterations: number;
  accBeta1: number;
  accBeta2: number;
  /** First moments then second moments, one per trainable parameter in ParameterSet order, named "<parameter>/m|v". */
  moments: NamedTensor[];
}

/** The optimizer's state, its moment tensors shared with the optimizer (do not dispose them). */
export async function exportOptimizerState(optimizer: tf.AdamOptimizer, parameters: ParameterSet): Promise<OptimizerState> {
  const [iterationsEntry, ...moments] = await optimizer.getWeights();
  iterationsEntry?.tensor.dispose();
  const logical = new Map(parameters.trainable.map((entry) => [entry.variable.name, entry.name]));
  const { accBeta1, accBeta2 } = internals(optimizer);
  return {
    iterations: optimizer.iterations,
    accBeta1: (await accBeta1.data())[0] as number,
    accBeta2: (await accBeta2.data())[0] as number,
    moments: moments.map(({ name, tensor }) => {
      const slash = name.lastIndexOf('/');
      const variableName = name.slice(0, slash);
      return { name: `${logical.get(variableName) ?? variableName}${name.slice(slash)}`, tensor };
    }),
  };
}

/** Restores a state exported by `exportOptimizerState`; takes ownership of the moment tensors. */
export async function importOptimizerState(optimizer: tf.AdamOptimizer, parameters: ParameterSet, state: OptimizerState): Promise<void> {
  const trainable = parameters.trainable;
  const count = trainable.length;
  if (state.moments.length !== 0 && state.moments.length !== 2 * count) {
    throw new Error(`the optimizer state holds ${state.moments.length} moment tensors; this model needs ${2 * count}`);
  }
  state.moments.forEach(({ name, tensor }, i) => {
    const entry = trainable[i % count];
    const expected = `${entry?.name}/${i < count ? 'm' : 'v'}`;
    if (!entry || name !== expected || !tf.util.arraysEqual(tensor.shape, entry.variable.shape)) {
      throw new Error(`optimizer moment ${i} is "${name}" [${tensor.shape.join(', ')}], expected "${expected}" [${entry?.variable.shape.join(', ')}]`);
    }
  });
  const iterations = tf.scalar(state.iterations);
  await optimizer.setWeights([{ name: 'iter', tensor: iterations }, ...state.moments]);
  iterations.dispose();
  // setWeights made variables from the moments; the tensors handed to us are no longer needed.
  for (const { tensor } of state.moments) tensor.dispose();
  const { accBeta1, accBeta2 } = internals(optimizer);
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(state.accBeta1));
    accBeta2.assign(tf.scalar(state.accBeta2));
  });
}
