/**
 * The fused 'cpu-blas' kernels against the composite TensorFlow.js ops they replace, computed on
 * tfjs's JavaScript 'cpu' backend: the Bernoulli log-likelihood and its gradient (extreme logits
 * and soft targets included), the global gradient norm, and Adam over several steps with gradient
 * scaling (moments, bias corrections and the checkpointed state). NaN must survive every kernel, so
 * the NaN guard still sees it, and a wrong shape is an error that names the input.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';
import { FUSED, fusedBernoulli, fusedDenseGrad, fusedGlobalNorm, fusedKernelsActive } from '../../../../src/worker/blas/fused-ops';
import { bernoulliLogLikelihoodFastGradient } from '../../../../src/worker/models/likelihood-head';
import { bernoulliLogLikelihood } from '../../../../src/worker/objectives/bernoulli';
import { gaussianLatent, logVarBand } from '../../../../src/worker/objectives/gaussian-latent';
import { ADAM_EPSILON, createOptimizer } from '../../../../src/worker/train/optimizer';
import { describeOnCpuBlas } from './blas-available';

function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1));
  }
  return worst;
}

/** Runs f on the backend with fresh tensors made from the given arrays; returns every output's values. */
async function on(backend: string, arrays: { values: number[] | Float32Array; shape: number[] }[], f: (...t: tf.Tensor[]) => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const inputs = arrays.map((a) => tf.tensor(a.values, a.shape, 'float32'));
  const outputs = f(...inputs);
  const values = await Promise.all(outputs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...inputs, ...outputs]);
  return values;
}

function randomArray(size: number, seed: number, scale = 1): Float32Array {
  return tf.tidy(() => tf.randomNormal([size], 0, scale, 'float32', seed).dataSync() as Float32Array);
}

/** Logits from −1e4 to 1e4 with zero and tiny values, and targets 0, 1 and grey levels. */
function bernoulliCase(rows: number, cols: number) {
  const logits = randomArray(rows * cols, 11, 6);
  const special = [0, -0, 1e-8, -1e-8, 17, -17, 88, -88, 100, -100, 1e4, -1e4];
  special.forEach((v, i) => (logits[i * 7] = v));
  const targets = Float32Array.from({ length: rows * cols }, (_, i) => [0, 1, 0.5, 0.25, 1, 0][i % 6] as number);
  return { x: { values: targets, shape: [rows, cols] }, logits: { values: logits, shape: [rows, cols] } };
}

describeOnCpuBlas('fused cpu-blas kernels', () => {
  it('are active on cpu-blas only', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    expect(fusedKernelsActive()).toBe(true);
    await tf.setBackend('wasm');
    expect(fusedKernelsActive()).toBe(false);
    await tf.setBackend('cpu');
    expect(fusedKernelsActive()).toBe(false);
    expect(fusedGlobalNorm([tf.ones([2])])).toBeNull();
  });

  it('the Bernoulli log-likelihood equals the stable composite form, for logits up to ±1e4 and soft targets', async () => {
    const { x, logits } = bernoulliCase(9, 131);
    const f = (xs: tf.Tensor, ls: tf.Tensor) => [bernoulliLogLikelihoodFastGradient(xs as tf.Tensor2D, ls as tf.Tensor2D)];
    const [fused] = await on(CPU_BLAS_BACKEND, [x, logits], f);
    const [reference] = await on('cpu', [x, logits], (xs, ls) => [bernoulliLogLikelihood(xs as tf.Tensor2D, ls as tf.Tensor2D)]);
    expect(fused?.every(Number.isFinite)).toBe(true);
    expect(maxRelativeError(fused as Float32Array, reference as Float32Array)).toBeLessThan(2e-6);
  });

  it('its gradient in the logits is dy·(x − σ(l)), as the stock autodiff of the composite gives', async () => {
    const { x, logits } = bernoulliCase(9, 131);
    const dy = { values: randomArray(9, 12), shape: [9] };
    const gradient = (ll: (x: tf.Tensor2D, l: tf.Tensor2D) => tf.Tensor1D) => (xs: tf.Tensor, ls: tf.Tensor, d: tf.Tensor) => [
      tf.grad((l: tf.Tensor) => tf.sum(tf.mul(ll(xs as tf.Tensor2D, l as tf.Tensor2D), d)))(ls),
    ];
    const [fused] = await on(CPU_BLAS_BACKEND, [x, logits, dy], gradient(bernoulliLogLikelihoodFastGradient));
    const [reference] = await on('cpu', [x, logits, dy], gradient(bernoulliLogLikelihood));
    expect(fused?.every(Number.isFinite)).toBe(true);
    expect(maxRelativeError(fused as Float32Array, reference as Float32Array)).toBeLessThan(1e-6);
  });

  it.each([true, false])('the Gaussian latent layer (clamp %s) equals split + clamp + reparameterize + KL, values and gradients in h', async (clamp) => {
    const rows = 7;
    const dims = 5;
    const h = randomArray(rows * 2 * dims, 41, 3);
    // Raw log-variances beyond both ends of the clamp band, and exactly on it.
    h[dims] = 25;
    h[dims + 1] = -40;
    h[3 * dims] = 20;
    h[3 * dims + 1] = -30;
    const inputs = [
      { values: h, shape: [rows, 2 * dims] },
      { values: randomArray(rows * dims, 42), shape: [rows, dims] },
      ...[43, 44, 45, 46].map((seed) => ({ values: randomArray(rows * dims, seed), shape: [rows, dims] })),
    ];
    const band = logVarBand(clamp);
    const f = (hs: tf.Tensor, eps: tf.Tensor, ...weights: tf.Tensor[]) => {
      const outputs = gaussianLatent(hs as tf.Tensor2D, eps as tf.Tensor2D, band);
      const loss = (hi: tf.Tensor) => {
        const o = gaussianLatent(hi as tf.Tensor2D, eps as tf.Tensor2D, band);
        return tf.addN([o.mu, o.logVar, o.z, o.klPerDim].map((t, i) => tf.sum(tf.mul(t, weights[i] as tf.Tensor))));
      };
      return [outputs.mu, outputs.logVar, outputs.z, outputs.klPerDim, tf.grad(loss)(hs)];
    };
    const fused = await on(CPU_BLAS_BACKEND, inputs, f);
    const reference = await on('cpu', inputs, f);
    fused.forEach((values, i) => expect(maxRelativeError(values, reference[i] as Float32Array)).toBeLessThan(1e-5));
    const dh = fused[4] as Float32Array;
    // Outside the band the clamp passes no gradient; inside (the band's ends included) it does.
    expect([dh[dims], dh[dims + 1]]).toEqual(clamp ? [0, 0] : [expect.any(Number), expect.any(Number)]);
    expect(dh[3 * dims]).not.toBe(0);
    expect(dh[3 * dims + 1]).not.toBe(0);
  });

  it('a NaN logit gives a NaN log-likelihood and a NaN gradient for its row only', async () => {
    const logits = { values: [0.5, NaN, -1, 2], shape: [2, 2] };
    const x = { values: [1, 0, 0, 1], shape: [2, 2] };
    const [value, gradient] = await on(CPU_BLAS_BACKEND, [x, logits], (xs, ls) => {
      const f = (l: tf.Tensor) => tf.sum(bernoulliLogLikelihoodFastGradient(xs as tf.Tensor2D, l as tf.Tensor2D));
      return [bernoulliLogLikelihoodFastGradient(xs as tf.Tensor2D, ls as tf.Tensor2D), tf.grad(f)(ls)];
    });
    expect(Number.isNaN(value?.[0])).toBe(true);
    expect(Number.isFinite(value?.[1])).toBe(true);
    expect(Number.isNaN(gradient?.[1])).toBe(true);
    expect(Array.from(gradient ?? []).filter(Number.isNaN)).toHaveLength(1);
  });

  it('the dense gradient keeps a NaN activation NaN (relu′ must not turn it into 0)', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const grads = tf.tidy(() => {
      const result = fusedDenseGrad(tf.ones([1, 2]) as tf.Tensor2D, tf.ones([2, 2]) as tf.Tensor2D, tf.tensor2d([[NaN, -1]]), tf.ones([1, 2]) as tf.Tensor2D, true, true);
      if (result === null) throw new Error('no fused kernel');
      return [result.dx as tf.Tensor, result.dw, result.db].map((t) => t.dataSync());
    });
    expect(Array.from(grads[2] ?? [])).toEqual([NaN, 0]);
    expect(Number.isNaN(grads[0]?.[0])).toBe(true);
  });

  it('the global norm equals √Σ g² over every tensor, and a NaN anywhere makes it NaN', async () => {
    const arrays = [
      { values: randomArray(1000, 21), shape: [10, 100] },
      { values: randomArray(7, 22, 100), shape: [7] },
      { values: [3], shape: [] },
    ];
    const norm = (...t: tf.Tensor[]) => [fusedGlobalNorm(t) ?? tf.sqrt(tf.addN(t.map((g) => tf.sum(tf.square(g)))))];
    const [fused] = await on(CPU_BLAS_BACKEND, arrays, norm);
    const [reference] = await on('cpu', arrays, norm);
    expect(maxRelativeError(fused as Float32Array, reference as Float32Array)).toBeLessThan(1e-6);
    const [withNaN] = await on(CPU_BLAS_BACKEND, [...arrays, { values: [1, NaN], shape: [2] }], norm);
    expect(Number.isNaN(withNaN?.[0])).toBe(true);
  });

  it('Adam with clipping-style gradient scaling follows tf.train.adam over 5 steps: parameters, moments and the saved state', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const w = tf.variable(tf.tensor2d(randomArray(12, 31), [3, 4]), true, `w-${backend}`);
      const b = tf.variable(tf.tensor1d(randomArray(4, 32)), true, `b-${backend}`);
      const optimizer = createOptimizer({ lr: 0.01, beta1: 0.9, beta2: 0.999, batchSize: 1, epochs: 1, gradClipNorm: null, logVarClamp: true });
      for (let step = 0; step < 5; step++) {
        tf.tidy(() => {
          const gw = tf.tensor2d(randomArray(12, 100 + step, 3), [3, 4]);
          const gb = tf.tensor1d(randomArray(4, 200 + step, 3));
          const scale = step % 2 === 0 ? tf.scalar(0.37) : null;
          optimizer.applyScaledGradients([{ name: w.name, tensor: gw }, { name: b.name, tensor: gb }], scale);
        });
      }
      const weights = await optimizer.getWeights();
      const result = {
        iterations: optimizer.iterations,
        names: weights.map((entry) => entry.name.replace(`-${backend}`, '')),
        values: [await w.data(), await b.data(), ...(await Promise.all(weights.slice(1).map((entry) => entry.tensor.data())))] as Float32Array[],
      };
      weights[0]?.tensor.dispose();
      optimizer.dispose();
      tf.dispose([w, b]);
      return result;
    };
    const fused = await run(CPU_BLAS_BACKEND);
    const reference = await run('cpu');
    expect(fused.iterations).toBe(5);
    expect(fused.names).toEqual(reference.names);
    expect(fused.names).toEqual(['iter', 'w/m', 'b/m', 'w/v', 'b/v']);
    fused.values.forEach((values, i) => expect(maxRelativeError(values, reference.values[i] as Float32Array)).toBeLessThan(1e-5));
  });

  it('Adam uses PyTorch’s ε, and a step whose kernel fails leaves every parameter as it was', async () => {
    expect(ADAM_EPSILON).toBe(1e-8);
    await tf.setBackend(CPU_BLAS_BACKEND);
    const w = tf.variable(tf.tensor1d([1, 2, 3]), true, 'w-unchanged');
    const v = tf.variable(tf.tensor1d([4, 5]), true, 'v-unchanged');
    const optimizer = createOptimizer({ lr: 0.1, beta1: 0.9, beta2: 0.999, batchSize: 1, epochs: 1, gradClipNorm: null, logVarClamp: true });
    const badGradient = tf.ones([3]);
    expect(() =>
      optimizer.applyScaledGradients(
        [
          { name: w.name, tensor: tf.ones([3]) },
          { name: v.name, tensor: badGradient },
        ],
        null,
      ),
    ).toThrow(/gradient must have shape \[2\], got \[3\]/);
    expect(Array.from(await w.data())).toEqual([1, 2, 3]);
    expect(Array.from(await v.data())).toEqual([4, 5]);
    expect(optimizer.iterations).toBe(0);
    optimizer.dispose();
    tf.dispose([w, v, badGradient]);
  });

  it('kernels refuse inputs of the wrong shape with an error naming the input', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    tf.tidy(() => {
      expect(() => fusedBernoulli(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([2, 4]) as tf.Tensor2D)).toThrow(/x must have shape \[2,4\], got \[2,3\]/);
      expect(() => tf.engine().runKernel(FUSED.bernoulli, { x: tf.zeros([2, 3]) })).toThrow(/input "logits" is missing/);
      expect(() => fusedDenseGrad(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([4, 5]) as tf.Tensor2D, tf.zeros([2, 5]) as tf.Tensor2D, tf.zeros([2, 5]) as tf.Tensor2D, true, true)).toThrow(
        /x is \[2,3\] but the kernel is \[4,5\]/,
      );
    });
  });
});
