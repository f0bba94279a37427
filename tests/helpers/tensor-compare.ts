/** Comparing one op's results across TensorFlow.js backends, for the kernel tests. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Largest |a − b| relative to the largest |b| (1 when b is all zeros). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / Math.max(scale, 1);
}

/** relativeError of two tensors' values. */
export async function tensorRelativeError(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [av, bv] = await Promise.all([a.data(), b.data()]);
  return relativeError(av, bv);
}

export interface HostTensor {
  shape: number[];
  values: Float32Array;
}

/** Normal values of a shape, drawn with a seed, on the host (so every backend gets the same). */
export function randomHost(shape: number[], seed: number): HostTensor {
  return { shape, values: tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array) };
}

/** Runs `op` on a backend over fresh tensors made from `inputs`; returns the output's shape and values. */
export async function runOn(backend: string, inputs: HostTensor[], op: (...t: tf.Tensor[]) => tf.Tensor) {
  await tf.setBackend(backend);
  const tensors = inputs.map((input) => tf.tensor(input.values, input.shape));
  const out = op(...tensors);
  const result = { shape: out.shape, values: await out.data() };
  tf.dispose([...tensors, out]);
  return result;
}

/** The op on `backend` equals the op on tfjs's JavaScript cpu backend (shape, and values within tolerance). */
export async function expectSameAsCpu(backend: string, inputs: HostTensor[], op: (...t: tf.Tensor[]) => tf.Tensor, tolerance: number) {
  const reference = await runOn('cpu', inputs, op);
  const result = await runOn(backend, inputs, op);
  expect(result.shape).toEqual(reference.shape);
  expect(relativeError(result.values, reference.values)).toBeLessThan(tolerance);
}
