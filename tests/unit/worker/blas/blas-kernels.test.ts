/**
 * The 'cpu-blas' kernels against tfjs's own: plain and fused matMul with every transpose, batches,
 * broadcasting, empty shapes, the epilogues computed in place and the ones left to XNNPACK, and
 * the sharing of one wasm instance with 'wasm'.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { selectBackend } from '../../../../src/worker/backend/select-backend';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';
import { CONV_KERNELS } from '../../../../src/worker/blas/conv-ops';
import { FUSED } from '../../../../src/worker/blas/fused-ops';
import { describeOnCpuBlas } from './blas-available';
import { expectSameAsCpu as expectSameOnBackends, randomHost, type HostTensor } from '../../../helpers/tensor-compare';

/** The op on CPU_BLAS_BACKEND equals the op on tfjs's JavaScript cpu backend. */
const expectSameAsCpu = (inputs: HostTensor[], op: (...t: tf.Tensor[]) => tf.Tensor) => expectSameOnBackends(CPU_BLAS_BACKEND, inputs, op, 1e-5);
const random = randomHost;

describeOnCpuBlas('cpu-blas kernels', () => {
  it('replaces BatchMatMul and _FusedMatMul, adds the fused kernels, and shares every other kernel with wasm', () => {
    for (const replaced of [tf.BatchMatMul, tf._FusedMatMul]) {
      expect(tf.getKernel(replaced, CPU_BLAS_BACKEND)?.kernelFunc).not.toBe(tf.getKernel(replaced, 'wasm')?.kernelFunc);
    }
    // Shared, including the heap-view Identity, Slice and GatherV2 installed in wasm itself.
    for (const shared of [tf.Add, tf.Identity, tf.Slice, tf.GatherV2]) {
      expect(tf.getKernel(shared, CPU_BLAS_BACKEND)?.kernelFunc).toBe(tf.getKernel(shared, 'wasm')?.kernelFunc);
    }
    const fused = [...Object.values(FUSED), ...Object.values(CONV_KERNELS)];
    for (const name of fused) expect(tf.getKernel(name, CPU_BLAS_BACKEND)).toBeDefined();
    expect(tf.getKernelsForBackend(CPU_BLAS_BACKEND).length).toBe(tf.getKernelsForBackend('wasm').length + fused.length);
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matMul with transposeA=%s, transposeB=%s equals cpu’s', async (transposeA, transposeB) => {
    const a = random(transposeA ? [37, 23] : [23, 37], 1);
    const b = random(transposeB ? [19, 37] : [37, 19], 2);
    await expectSameAsCpu([a, b], (x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, transposeA, transposeB));
  });

  it('the mnist-vae shapes ([128, 784]·[784, 400] and its gradients’ products) equal cpu’s', async () => {
    const x = random([128, 784], 3);
    const w = random([784, 400], 4);
    const g = random([128, 400], 5);
    await expectSameAsCpu([x, w], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
    await expectSameAsCpu([x, g], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false));
    await expectSameAsCpu([g, w], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true));
  });

  it.each([
    ['equal batches', [4, 5, 6], [4, 6, 3]],
    ['one matrix broadcast over b’s batch', [1, 5, 6], [4, 6, 3]],
    ['a rank-2 b broadcast over a’s batch', [2, 3, 5, 6], [6, 3]],
    ['transposed batches', [3, 6, 5], [3, 3, 6]],
  ])('batched matMul, %s, equals cpu’s', async (label, aShape, bShape) => {
    const transpose = label === 'transposed batches';
    await expectSameAsCpu([random(aShape, 6), random(bShape, 7)], (a, b) => tf.matMul(a, b, transpose, transpose));
  });

  it('empty products: k = 0 gives zeros, m = 0 gives an empty tensor', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const zeros = tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 2]));
    expect(zeros.shape).toEqual([3, 2]);
    expect(Array.from(await zeros.data())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(tf.matMul(tf.zeros([0, 4]), tf.ones([4, 2])).shape).toEqual([0, 2]);
  });

  it('mismatched inner dimensions throw tfjs’s message', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    expect(() => tf.matMul(tf.ones([2, 3]), tf.ones([4, 2]))).toThrow(/inner shapes \(3\) and \(4\)/);
  });

  it.each([
    ['relu', false, false],
    ['relu', true, false],
    ['linear', false, true],
    ['linear', true, true],
  ] as const)('fused matMul + row bias + %s (transposeA=%s, transposeB=%s), computed in place, equals cpu’s', async (activation, transposeA, transposeB) => {
    const a = random(transposeA ? [30, 16] : [16, 30], 8);
    const b = random(transposeB ? [20, 30] : [30, 20], 9);
    const bias = random([20], 10);
    await expectSameAsCpu([a, b, bias], (x, w, c) =>
      tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation, transposeA, transposeB }),
    );
    await expectSameAsCpu([a, b], (x, w) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, activation, transposeA, transposeB }));
  });

  it.each([
    ['relu', [16, 20]],
    ['linear', [1, 20]],
  ] as const)('fused matMul + %s with a bias of shape %j, computed in place, equals cpu’s', async (activation, biasShape) => {
    await expectSameAsCpu([random([16, 30], 11), random([30, 20], 12), random([...biasShape], 13)], (x, w, c) =>
      tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation }),
    );
  });

  it.each(['sigmoid', 'elu', 'relu6'] as const)('fused matMul with %s goes to XNNPACK’s kernel, and equals cpu’s', async (activation) => {
    await expectSameAsCpu([random([16, 30], 14), random([30, 20], 15), random([20], 16)], (x, w, c) =>
      tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation }),
    );
  });

  it('tensors made on wasm are used on cpu-blas and back, without copies or leaks', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    await tf.setBackend(CPU_BLAS_BACKEND);
    const before = tf.memory().numTensors;
    const product = tf.matMul(a, a);
    expect(Array.from(await product.data())).toEqual([7, 10, 15, 22]);
    await tf.setBackend('wasm');
    expect(Array.from(await tf.add(product, 1).data())).toEqual([8, 11, 16, 23]);
    tf.dispose(product);
    expect(tf.memory().numTensors).toBe(before + 1);
    a.dispose();
  });

  it('many products in a loop leave no tensors behind', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const x = tf.randomNormal([64, 50]);
    const w = tf.randomNormal([50, 40]);
    const b = tf.zeros([40]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      tf.tidy(() => {
        tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: 'relu' });
        tf.matMul(x, w, false, false);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });

  it('tf.removeBackend("cpu-blas") leaves wasm working, and selecting cpu-blas again restores it', async () => {
    tf.removeBackend(CPU_BLAS_BACKEND);
    await tf.setBackend('wasm');
    expect(Array.from(await tf.matMul(tf.ones([1, 2]), tf.ones([2, 1])).data())).toEqual([2]);
    const info = await selectBackend(CPU_BLAS_BACKEND);
    expect(info.name).toBe(CPU_BLAS_BACKEND);
    expect(Array.from(await tf.matMul(tf.ones([1, 3]), tf.ones([3, 1])).data())).toEqual([3]);
  });
});
