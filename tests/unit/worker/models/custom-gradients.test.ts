import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../src/worker/backend/select-backend';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';
import { conv2dSame, conv2dSameReference, samePadding, spaceToDepth2x, upsample2x } from '../../../../src/worker/models/conv';
import { dense, denseReference, matMulExplicitTranspose, type Activation } from '../../../../src/worker/models/dense';
import { stopGradient, straightThrough } from '../../../../src/worker/models/gradient-ops';
import { bernoulliLogLikelihoodFastGradient } from '../../../../src/worker/models/likelihood-head';
import { bernoulliLogLikelihood } from '../../../../src/worker/objectives/bernoulli';
import { tensorRelativeError as relativeError } from '../../../helpers/tensor-compare';
import { blasAvailable, NEEDS_BLAS } from '../blas/blas-available';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** A loss that makes every output element matter differently, so a wrong gradient cannot hide. */
const weightedSum = (y: tf.Tensor, seed: number) => tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seed)));

/** Every backend that trains with the hand-written dense gradient; cpu-blas where its native package built. */
const DENSE_BACKENDS: [title: string, backend: string, available: boolean][] = [
  ['cpu', 'cpu', true],
  ['wasm', 'wasm', true],
  [`${CPU_BLAS_BACKEND} ${NEEDS_BLAS}`, CPU_BLAS_BACKEND, blasAvailable],
];

describe.each(DENSE_BACKENDS)('dense layer gradient on %s', (_title, backend, available) => {
  beforeAll(async () => {
    // cpu and wasm register on import; cpu-blas registers when first selected.
    if (available && backend === CPU_BLAS_BACKEND) await selectBackend(CPU_BLAS_BACKEND);
  });

  it.skipIf(!available).each<[Activation, boolean]>([
    ['relu', true],
    ['linear', true],
    ['relu', false],
  ])('%s (input gradient: %s) equals tf.matMul’s stock gradient', async (activation, inputNeedsGradient) => {
    await tf.setBackend(backend);
    const x = tf.randomNormal([16, 30], 0, 1, 'float32', 1);
    const w = tf.randomNormal([30, 20], 0, 0.3, 'float32', 2);
    const b = tf.randomNormal([20], 0, 1, 'float32', 3);
    const custom = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
      weightedSum(dense(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, activation, inputNeedsGradient), 9),
    )([x, w, b]);
    const stock = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
      weightedSum(denseReference(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, activation), 9),
    )([x, w, b]);
    expect(await relativeError(custom[1] as tf.Tensor, stock[1] as tf.Tensor)).toBeLessThan(1e-5);
    expect(await relativeError(custom[2] as tf.Tensor, stock[2] as tf.Tensor)).toBeLessThan(1e-5);
    if (inputNeedsGradient) expect(await relativeError(custom[0] as tf.Tensor, stock[0] as tf.Tensor)).toBeLessThan(1e-5);
    else expect(await tf.max(tf.abs(custom[0] as tf.Tensor)).data()).toEqual(new Float32Array([0]));
    // Same forward value too.
    const forward = dense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation);
    expect(await relativeError(forward, denseReference(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation))).toBeLessThan(1e-6);
  });

  it.skipIf(!available)('the explicit-transpose matMul has the stock gradient', async () => {
    await tf.setBackend(backend);
    const a = tf.randomNormal([12, 7], 0, 1, 'float32', 4);
    const c = tf.randomNormal([7, 5], 0, 1, 'float32', 5);
    const custom = tf.grads((ai: tf.Tensor, ci: tf.Tensor) => weightedSum(matMulExplicitTranspose(ai as tf.Tensor2D, ci as tf.Tensor2D), 6))([a, c]);
    const stock = tf.grads((ai: tf.Tensor, ci: tf.Tensor) => weightedSum(tf.matMul(ai, ci), 6))([a, c]);
    expect(await relativeError(custom[0] as tf.Tensor, stock[0] as tf.Tensor)).toBeLessThan(1e-5);
    expect(await relativeError(custom[1] as tf.Tensor, stock[1] as tf.Tensor)).toBeLessThan(1e-5);
  });
});

describe('convolution gradient (wasm has no Conv2DBackpropFilter kernel and a slow Conv2DBackpropInput)', () => {
  it('follows TensorFlow’s SAME padding', () => {
    expect(samePadding(3)).toEqual([1, 1]);
    expect(samePadding(2)).toEqual([0, 1]);
    expect(samePadding(1)).toEqual([0, 0]);
  });

  it.each([
    ['wasm', 14, 3, 'relu', true],
    ['wasm', 7, 3, 'linear', true],
    ['wasm', 9, 2, 'relu', false],
    ['cpu', 8, 3, 'relu', true],
  ] as const)('%s: side %i, kernel %i, %s, input gradient %s: equals tf.conv2d’s stock gradient on cpu', async (backend, size, kernel, activation, inputNeedsGradient) => {
    const shape = { x: [3, size, size, 2], w: [kernel, kernel, 2, 4] };
    const draw = (s: number[], seed: number) => tf.randomNormal(s, 0, 1, 'float32', seed);
    const loss = (y: tf.Tensor) => weightedSum(y, 11);
    await tf.setBackend('cpu');
    const stock = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      loss(conv2dSameReference(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, activation)),
    )([draw(shape.x, 1), draw(shape.w, 2), draw([4], 3)]);
    const stockValues = await Promise.all(stock.map((g) => g.data()));
    await tf.setBackend(backend);
    const custom = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      loss(conv2dSame(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, activation, inputNeedsGradient)),
    )([draw(shape.x, 1), draw(shape.w, 2), draw([4], 3)]);
    for (let i = inputNeedsGradient ? 0 : 1; i < 3; i++) {
      const reference = tf.tensor(stockValues[i] as Float32Array, (custom[i] as tf.Tensor).shape);
      expect(await relativeError(custom[i] as tf.Tensor, reference)).toBeLessThan(2e-5);
    }
  });

  it.each(['cpu', 'wasm'])('nearest ×2 upsampling on %s repeats each pixel into a 2×2 block, and its gradient sums each block, for every image of a batch', async (backend) => {
    await tf.setBackend(backend);
    const x = tf.tensor4d(Array.from({ length: 8 }, (_, i) => i), [2, 2, 2, 1]);
    expect(Array.from(await upsample2x(x).data()).slice(16, 24)).toEqual([4, 4, 5, 5, 4, 4, 5, 5]);
    // Weights 0..31 over the [2, 4, 4, 1] output: each input pixel's gradient is the sum over its block.
    const weights = tf.tensor4d(Array.from({ length: 32 }, (_, i) => i), [2, 4, 4, 1]);
    const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(upsample2x(xi as tf.Tensor4D), weights)))(x);
    expect(Array.from(await dx.data())).toEqual([10, 18, 42, 50, 74, 82, 106, 114]);
  });

  it('space-to-depth moves each 2×2 block into channels, in order', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const y = spaceToDepth2x(x);
    expect(y.shape).toEqual([1, 2, 2, 4]);
    expect(Array.from(await y.data())).toEqual([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
  });
});

describe('fused and straight-through gradients', () => {
  it('the Bernoulli log-likelihood’s fused gradient (x − σ(l)) equals the stock one', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomUniform([8, 50], 0, 1, 'float32', 1) as tf.Tensor2D;
    const logits = tf.randomNormal([8, 50], 0, 4, 'float32', 2);
    const weights = tf.randomNormal([8], 0, 1, 'float32', 3);
    const fast = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(bernoulliLogLikelihoodFastGradient(x, l as tf.Tensor2D), weights)))(logits);
    const stock = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(bernoulliLogLikelihood(x, l), weights)))(logits);
    expect(await relativeError(fast, stock)).toBeLessThan(1e-6);
    expect(await relativeError(bernoulliLogLikelihoodFastGradient(x, logits as tf.Tensor2D), bernoulliLogLikelihood(x, logits))).toBe(0);
  });

  it('stopGradient passes values and blocks gradients; straightThrough sends them to the continuous input', async () => {
    await tf.setBackend('cpu');
    const a = tf.tensor1d([1, 2, 3]);
    const q = tf.tensor1d([0, 2, 4]);
    expect(await stopGradient(a).data()).toEqual(new Float32Array([1, 2, 3]));
    expect(await tf.grad((x: tf.Tensor) => tf.sum(tf.mul(stopGradient(x), x)))(a).data()).toEqual(new Float32Array([1, 2, 3]));
    const [dContinuous, dQuantized] = tf.grads((c: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(straightThrough(c, k), tf.tensor1d([5, 6, 7]))))([a, q]);
    expect(await straightThrough(a, q).data()).toEqual(new Float32Array([0, 2, 4]));
    expect(await (dContinuous as tf.Tensor).data()).toEqual(new Float32Array([5, 6, 7]));
    expect(await (dQuantized as tf.Tensor).data()).toEqual(new Float32Array([0, 0, 0]));
  });
});
