/**
 * The heap-view Identity, Slice and GatherV2 installed in the 'wasm' backend (and shared by
 * 'cpu-blas'): equal to tfjs's JavaScript cpu backend, falling back to wasm's own kernels for the
 * cases they do not cover, and refusing an out-of-range row instead of reading past the table.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../src/worker/backend/select-backend';
import { expectSameAsCpu as expectSameOnBackends, randomHost, type HostTensor } from '../../../helpers/tensor-compare';

/** The op on wasm equals the op on tfjs's JavaScript cpu backend. */
const expectSameAsCpu = (inputs: HostTensor[], op: (...t: tf.Tensor[]) => tf.Tensor) => expectSameOnBackends('wasm', inputs, op, 1e-6);
const random = randomHost;

describe('heap-view kernels in the wasm backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });


  it('gathering rows (a training batch) equals cpu’s, for float32 and int32; other gathers keep wasm’s kernel', async () => {
    const table = random([50, 3, 4], 7);
    await expectSameAsCpu([table], (x) => tf.gather(x, tf.tensor1d([49, 0, 7, 7, 21], 'int32')));
    await expectSameAsCpu([table], (x) => tf.gather(x, tf.tensor1d([], 'int32')));
    await expectSameAsCpu([table], (x) => tf.cast(tf.gather(tf.cast(tf.mul(x, 100), 'int32'), tf.tensor1d([3, 1], 'int32')), 'float32'));
    await expectSameAsCpu([table], (x) => tf.gather(x, tf.tensor1d([2, 0], 'int32'), 1));
    await expectSameAsCpu([table], (x) => tf.gather(x, tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32')));
  });

  it('slices equal cpu’s: contiguous blocks (copied from a heap view) and strided ones (wasm’s kernel)', async () => {
    const table = random([40, 6, 5], 8);
    await expectSameAsCpu([table], (x) => tf.slice(x, [7, 0, 0], [10, 6, 5]));
    await expectSameAsCpu([table], (x) => tf.slice(x, [3, 2, 0], [1, 3, 5]));
    await expectSameAsCpu([table], (x) => tf.slice(x, [0, 1, 1], [40, 2, 3]));
    await expectSameAsCpu([table], (x) => tf.slice(x, [39, 0, 0], [-1, -1, -1]));
    await expectSameAsCpu([table], (x) => tf.slice(x, [5, 0, 0], [0, 6, 5]));
    await expectSameAsCpu([table], (x) => tf.cast(tf.slice(tf.cast(tf.mul(x, 10), 'int32'), [2, 0, 0], [3, 6, 5]), 'float32'));
  });

  it('a row index out of range is an error naming it, not a read past the table', async () => {
    await tf.setBackend('wasm');
    tf.tidy(() => {
      const table = tf.zeros([5, 2]);
      expect(() => tf.engine().runKernel(tf.GatherV2, { x: table, indices: tf.tensor1d([1, 5], 'int32') }, { axis: 0, batchDims: 0 })).toThrow(
        /the index 5 is not in \[0, 4\]/,
      );
    });
  });

  it('Identity (how tfjs saves tensors for gradients) shares the data instead of copying it', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.engine().runKernel(tf.Identity, { x }) as tf.Tensor;
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });
});
