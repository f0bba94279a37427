/**
 * The model's weights as explicit tf.Variables with stable logical names ("encoder/dense0/kernel"),
 * created in a fixed order from a seeded generator, so the same seed gives the same initial weights
 * on every backend, and a checkpoint can name every tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../random';

/**
 * tfjs keeps one global registry of variable names; a live run and a checkpoint loaded for
 * decoding must not clash, so each set prefixes its variables with its own id.
 */
let nextSetId = 1;

export interface NamedParameter {
  /** Logical name, the same in every process (used in checkpoints). */
  name: string;
  variable: tf.Variable;
  /** False for model state updated outside the optimizer (e.g. a VQ codebook's moving averages). */
  trainable: boolean;
}

/**
 * ±1/√fanIn for weights and biases alike: torch.nn.Linear's and Conv2d's default init
 * (kaiming_uniform with a = √5), so the mnist-vae preset starts where the PyTorch example does.
 */
export function torchDefaultBound(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}

export class ParameterSet {
  private readonly prefix = `vae-params-${nextSetId++}`;
  private readonly random: Random;
  readonly entries: NamedParameter[] = [];

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Uniform in ±bound, drawn from this set's seeded stream; `trainable: false` makes it model state. */
  uniform(name: string, shape: number[], bound: number, trainable = true): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = (2 * this.random.next() - 1) * bound;
    return this.add(name, tf.tensor(values, shape), trainable);
  }

  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, tf.fill(shape, value));
  }

  /** Model state the optimizer does not touch; saved in checkpoints with the weights. */
  state(name: string, initial: tf.Tensor): tf.Variable {
    return this.add(name, initial, false);
  }

  /** What the optimizer updates, in a fixed order (Adam keys its moments by position). */
  get trainable(): NamedParameter[] {
    return this.entries.filter((entry) => entry.trainable);
  }

  get variables(): tf.Variable[] {
    return this.trainable.map((entry) => entry.variable);
  }

  /** Number of trainable values. */
  count(): number {
    return this.trainable.reduce((sum, entry) => sum + entry.variable.size, 0);
  }

  /** Logical name -> the variable itself (not a copy). */
  byName(): Map<string, tf.Variable> {
    return new Map(this.entries.map((entry) => [entry.name, entry.variable]));
  }

  /** Copies values into the variables, checking that every name and shape matches. */
  assign(values: Map<string, tf.Tensor>, source: string): void {
    const missing = this.entries.filter((entry) => !values.has(entry.name)).map((entry) => entry.name);
    const extra = [...values.keys()].filter((name) => !this.entries.some((entry) => entry.name === name));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(
        `${source}: the weights do not fit this model (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`,
      );
    }
    for (const { name, variable } of this.entries) {
      const value = values.get(name) as tf.Tensor;
      if (!tf.util.arraysEqual(value.shape, variable.shape)) {
        throw new Error(`${source}: weight "${name}" has shape [${value.shape.join(', ')}] but the model needs [${variable.shape.join(', ')}]`);
      }
      variable.assign(value);
    }
  }

  dispose(): void {
    for (const entry of this.entries) entry.variable.dispose();
    this.entries.length = 0;
  }

  private add(name: string, initial: tf.Tensor, trainable = true): tf.Variable {
    if (this.entries.some((entry) => entry.name === name)) throw new Error(`parameter "${name}" is defined twice`);
    const variable = tf.variable(initial, trainable, `${this.prefix}/${name}`);
    initial.dispose();
    this.entries.push({ name, variable, trainable });
    return variable;
  }
}
