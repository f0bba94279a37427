/**
 * The native convolutions of 'cpu-blas' against TensorFlow.js's own ops on its JavaScript 'cpu'
 * backend (tf.conv2d with its stock gradients, the resampling as reshape/transpose and
 * a tile, the mask as a product): values and the gradients in x, filter and bias,
 * for odd and even sizes, 1 and 3 channels, batch 1, every kernel size the models could use, each
 * resampling, relu and linear. NaN must come through (the NaN guard relies on it), and a wrong
 * shape is an error naming the input. Layers with fewer output channels than a vector holds run
 * on planar grids, wider ones pixel-major: the cases cover both.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CPU_BLAS_BACKEND } from '../../../../src/worker/blas/blas-kernels';
import { CONV_KERNELS, nativeConvActive, type Resample } from '../../../../src/worker/blas/conv-ops';
import { causalMask, convLayer, spaceToDepth2x, upsample2x } from '../../../../src/worker/models/conv';
import type { Activation } from '../../../../src/worker/models/dense';
import { randomHost, relativeError, type HostTensor } from '../../../helpers/tensor-compare';
import { describeOnCpuBlas, loadBinding } from './blas-available';

interface Case {
  batch: number;
  height: number;
  width: number;
  channels: number;
  kernel: number;
  outChannels: number;
  resample: Resample;
  activation: Activation;
  masked?: boolean;
  inputNeedsGradient?: boolean;
}

/**
 * The layer composed from stock ops, differentiated by tfjs itself. The upsampling is a tile
 * (upsample2x): the cpu backend's ResizeNearestNeighborGrad is wrong for batches of more than one.
 */
function reference(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, c: Case, mask: tf.Tensor4D | null): tf.Tensor4D {
  const input = c.resample === 'spaceToDepth' ? spaceToDepth2x(x) : c.resample === 'upsample' ? upsample2x(x) : x;
  const pre = tf.add(tf.conv2d(input, mask === null ? w : tf.mul(w, mask), 1, 'same'), b) as tf.Tensor4D;
  return c.activation === 'relu' ? tf.relu(pre) : pre;
}

function inChannels(c: Case): number {
  return c.resample === 'spaceToDepth' ? 4 * c.channels : c.channels;
}

function hostInputs(c: Case, seed: number): HostTensor[] {
  return [
    randomHost([c.batch, c.height, c.width, c.channels], seed),
    randomHost([c.kernel, c.kernel, inChannels(c), c.outChannels], seed + 1),
    randomHost([c.outChannels], seed + 2),
    // The loss weights: every output element matters differently, so a wrong gradient cannot hide.
    randomHost(outputShape(c), seed + 3),
  ];
}

function outputShape(c: Case): number[] {
  const scale = c.resample === 'spaceToDepth' ? 0.5 : c.resample === 'upsample' ? 2 : 1;
  return [c.batch, c.height * scale, c.width * scale, c.outChannels];
}

/** Forward values and the gradients in x, filter and bias of Σ y·weights, on a backend. */
async function layerAndGradients(backend: string, c: Case, inputs: HostTensor[], layer: (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, mask: tf.Tensor4D | null) => tf.Tensor4D) {
  await tf.setBackend(backend);
  const [x, w, b, weights] = inputs.map((h): tf.Tensor => tf.tensor(h.values, h.shape)) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D];
  const mask = c.masked === true ? causalMask(c.kernel, inChannels(c), c.outChannels, 'A') : null;
  const y = layer(x, w, b, mask);
  const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(layer(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, mask), weights)))([x, w, b]);
  const values = await Promise.all([y, ...grads].map((t) => t.data() as Promise<Float32Array>));
  const shapes = [y, ...grads].map((t) => t.shape);
  tf.dispose([x, w, b, weights, y, ...grads, ...(mask === null ? [] : [mask])]);
  return { values, shapes };
}

const CASES: Case[] = [
  // The conv-vae's four layers, at batch 2.
  { batch: 2, height: 28, width: 28, channels: 1, kernel: 3, outChannels: 16, resample: 'spaceToDepth', activation: 'relu', inputNeedsGradient: false },
  { batch: 2, height: 14, width: 14, channels: 16, kernel: 3, outChannels: 32, resample: 'spaceToDepth', activation: 'relu' },
  { batch: 2, height: 7, width: 7, channels: 32, kernel: 3, outChannels: 16, resample: 'upsample', activation: 'relu' },
  { batch: 2, height: 14, width: 14, channels: 16, kernel: 3, outChannels: 1, resample: 'upsample', activation: 'linear' },
  // Odd sides, batch 1, 1 and 3 channels, odd and even kernels (even: the extra padding goes after).
  { batch: 1, height: 5, width: 7, channels: 1, kernel: 3, outChannels: 2, resample: 'none', activation: 'relu' },
  { batch: 1, height: 9, width: 5, channels: 3, kernel: 5, outChannels: 4, resample: 'none', activation: 'linear' },
  { batch: 3, height: 6, width: 7, channels: 3, kernel: 2, outChannels: 3, resample: 'none', activation: 'relu' },
  { batch: 1, height: 3, width: 3, channels: 3, kernel: 1, outChannels: 5, resample: 'none', activation: 'linear' },
  { batch: 1, height: 2, width: 2, channels: 1, kernel: 5, outChannels: 2, resample: 'none', activation: 'linear' },
  { batch: 2, height: 6, width: 10, channels: 3, kernel: 3, outChannels: 4, resample: 'spaceToDepth', activation: 'linear' },
  { batch: 1, height: 3, width: 5, channels: 3, kernel: 3, outChannels: 3, resample: 'upsample', activation: 'relu' },
  // Output channels that are no whole number of vectors, and several vectors' worth of them.
  { batch: 1, height: 5, width: 3, channels: 3, kernel: 5, outChannels: 17, resample: 'none', activation: 'relu' },
  { batch: 2, height: 6, width: 4, channels: 20, kernel: 3, outChannels: 70, resample: 'spaceToDepth', activation: 'linear' },
  // 32×32 colour images, as the image-folder loader gives them.
  { batch: 2, height: 32, width: 32, channels: 3, kernel: 3, outChannels: 32, resample: 'spaceToDepth', activation: 'relu', inputNeedsGradient: false },
  // Masked (autoregressive) convolutions.
  { batch: 2, height: 7, width: 5, channels: 3, kernel: 3, outChannels: 4, resample: 'none', activation: 'relu', masked: true },
  { batch: 1, height: 8, width: 8, channels: 1, kernel: 5, outChannels: 2, resample: 'none', activation: 'linear', masked: true },
  { batch: 2, height: 5, width: 6, channels: 4, kernel: 3, outChannels: 24, resample: 'upsample', activation: 'relu', masked: true },
];

/** The engines the binding may run (conv-engine-*.cc), widest first. */
const ENGINES = ['avx512', 'avx2', 'baseline'] as const;


describeOnCpuBlas('native convolutions on cpu-blas', () => {
  it('are registered on cpu-blas only, and used there', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    expect(nativeConvActive()).toBe(true);
    for (const name of Object.values(CONV_KERNELS)) expect(tf.getKernel(name, 'wasm')).toBeUndefined();
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const profile = await tf.profile(() => convLayer(x, tf.ones([3, 3, 4, 2]), tf.zeros([2]), 'relu', { resample: 'spaceToDepth' }));
    expect(profile.kernelNames).toContain(CONV_KERNELS.conv2d);
    expect(profile.kernelNames).not.toContain('Transpose');
    await tf.setBackend('wasm');
    expect(nativeConvActive()).toBe(false);
  });

  it.each(CASES.map((c) => [describeCase(c), c] as const))('%s: values and gradients equal the stock ops on cpu', async (_name, c) => {
    const inputs = hostInputs(c, 7);
    const inputNeedsGradient = c.inputNeedsGradient ?? true;
    const native = await layerAndGradients(CPU_BLAS_BACKEND, c, inputs, (x, w, b, mask) => convLayer(x, w, b, c.activation, { resample: c.resample, inputNeedsGradient, mask }));
    const stock = await layerAndGradients('cpu', c, inputs, (x, w, b, mask) => reference(x, w, b, c, mask));
    expect(native.shapes).toEqual(stock.shapes);
    expect(native.shapes[0]).toEqual(outputShape(c));
    for (let i = 0; i < 4; i++) {
      if (i === 1 && !inputNeedsGradient) expect(native.values[1]?.every((v) => v === 0)).toBe(true);
      else expect(relativeError(native.values[i] as Float32Array, stock.values[i] as Float32Array), `output ${i}`).toBeLessThan(2e-5);
    }
  });

  it.each(ENGINES)('the %s engine, where this processor runs it, gives the stock ops\' values and gradients too', async (engine) => {
    const blas = await loadBinding();
    const chosen = blas.convEngine(null);
    try {
      blas.convEngine(engine);
    } catch (error) {
      expect(String(error)).toMatch(/this processor cannot run that engine/);
      return;
    }
    try {
      // Pixel-major and planar grids, every resampling, a mask, odd sizes and batch 1.
      for (const c of CASES.filter((_, i) => i % 3 === 0)) {
        const inputs = hostInputs(c, 11);
        const layer = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, mask: tf.Tensor4D | null) => convLayer(x, w, b, c.activation, { resample: c.resample, mask });
        const native = await layerAndGradients(CPU_BLAS_BACKEND, c, inputs, layer);
        const stock = await layerAndGradients('cpu', c, inputs, (x, w, b, mask) => reference(x, w, b, c, mask));
        native.values.forEach((values, i) => expect(relativeError(values, stock.values[i] as Float32Array), `${describeCase(c)}: output ${i}`).toBeLessThan(2e-5));
      }
    } finally {
      blas.convEngine(chosen as (typeof ENGINES)[number]);
    }
  });

  it.each([
    ['per image', { batch: 2, height: 6, width: 5, channels: 3, kernel: 3, outChannels: 4, resample: 'upsample', activation: 'relu' }, true],
    ['per element', { batch: 3, height: 7, width: 7, channels: 4, kernel: 3, outChannels: 16, resample: 'none', activation: 'relu', masked: true }, false],
    ['per image', { batch: 1, height: 4, width: 6, channels: 5, kernel: 3, outChannels: 32, resample: 'spaceToDepth', activation: 'linear' }, true],
  ] as [string, Case, boolean][])('an addend %s comes before the activation, and its gradient out of the layer (%#)', async (_kind, c, perImage) => {
    const [batch, outH, outW, out] = outputShape(c);
    const addendShape = perImage ? [batch, 1, 1, out] : [batch, outH, outW, out];
    const inputs = [...hostInputs(c, 31), randomHost(addendShape as number[], 35)];
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const [x, w, b, weights, addend] = inputs.map((h): tf.Tensor => tf.tensor(h.values, h.shape)) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor4D];
      const mask = c.masked === true ? causalMask(c.kernel, inChannels(c), c.outChannels, 'B') : null;
      const layer = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor, ai: tf.Tensor) =>
        convLayer(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, c.activation, { resample: c.resample, mask, addend: ai as tf.Tensor4D });
      const y = layer(x, w, b, addend);
      const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor, ai: tf.Tensor) => tf.sum(tf.mul(layer(xi, wi, bi, ai), weights)))([x, w, b, addend]);
      const values = await Promise.all([y, ...grads].map((t) => t.data() as Promise<Float32Array>));
      tf.dispose([x, w, b, weights, addend, y, ...grads, ...(mask === null ? [] : [mask])]);
      return values;
    };
    const native = await run(CPU_BLAS_BACKEND);
    const stock = await run('cpu');
    native.forEach((values, i) => expect(relativeError(values, stock[i] as Float32Array), `output ${i}`).toBeLessThan(2e-5));
    await tf.setBackend(CPU_BLAS_BACKEND);
    expect(() => convLayer(tf.ones([2, 4, 4, 1]), tf.ones([3, 3, 1, 2]), tf.zeros([2]), 'relu', { addend: tf.ones([2, 4, 1, 2]) })).toThrow(/the addend must have shape \[2,4,4,2\] or \[2,1,1,2\], got \[2,4,1,2\]/);
  });

  it('a tap the mask removes is left out: a NaN only it would read does not reach the output', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const xValues = new Float32Array(25).fill(1);
    xValues[2 * 5 + 3] = NaN; // pixel (2, 3): right of (2, 2), behind it in raster order
    const x = tf.tensor4d(xValues, [1, 5, 5, 1]);
    const y = await convLayer(x, tf.ones([3, 3, 1, 1]), tf.zeros([1]), 'linear', { mask: causalMask(3, 1, 1, 'A') }).data();
    expect(Number.isFinite(y[2 * 5 + 2])).toBe(true); // (2, 2) reads (2, 3) only through a masked tap
    expect(Number.isNaN(y[2 * 5 + 4])).toBe(true); // (2, 4) reads it through its left neighbour tap
    expect(Number.isNaN(y[3 * 5 + 3])).toBe(true); // (3, 3) through the tap above it
  });

  it('the causal mask hides the centre and everything after it (type A), and keeps the centre in type B', async () => {
    await tf.setBackend('cpu');
    const centreColumn = async (type: 'A' | 'B') => Array.from(await tf.slice(causalMask(3, 1, 1, type), [0, 0, 0, 0], [3, 3, 1, 1]).data());
    expect(await centreColumn('A')).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(await centreColumn('B')).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it.each([3, 8])('a NaN in the input or the filter comes through the output and the gradients (%i outputs)', async (outputs) => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const xValues = randomHost([1, 6, 6, 2], 3).values;
    xValues[2 * (6 * 2 + 2)] = NaN; // pixel (2, 2), channel 0
    const x = tf.tensor4d(xValues, [1, 6, 6, 2]);
    const w = tf.randomNormal([3, 3, 2, outputs], 0, 1, 'float32', 4) as tf.Tensor4D;
    const b = tf.zeros([outputs]) as tf.Tensor1D;
    const y = await convLayer(x, w, b, 'linear').data();
    // The 3×3 neighbourhood of (2, 2) is NaN; a pixel two rows away is not.
    expect(Number.isNaN(y[outputs * (6 * 1 + 1)])).toBe(true);
    expect(Number.isNaN(y[outputs * (6 * 3 + 3)])).toBe(true);
    expect(Number.isFinite(y[outputs * (6 * 5 + 5)])).toBe(true);
    const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(convLayer(xi as tf.Tensor4D, wi as tf.Tensor4D, b, 'relu')))([x, w]);
    expect((await (dw as tf.Tensor).data()).some(Number.isNaN)).toBe(true);
    expect((await (dx as tf.Tensor).data()).some(Number.isNaN)).toBe(true);
    const wValues = randomHost([3, 3, 2, outputs], 5).values;
    wValues[0] = NaN;
    const yw = await convLayer(tf.ones([1, 4, 4, 2]), tf.tensor4d(wValues, [3, 3, 2, outputs]), b, 'relu').data();
    expect(Number.isNaN(yw[outputs * (4 * 3 + 3)])).toBe(true);
  });

  it('wrong shapes are refused with a message naming the input', async () => {
    await tf.setBackend(CPU_BLAS_BACKEND);
    const run = (inputs: Record<string, tf.Tensor>, resample: Resample = 'none') => () => tf.engine().runKernel(CONV_KERNELS.conv2d, inputs, { resample, activation: 'relu' });
    const x = tf.ones([2, 6, 6, 3]);
    const b = tf.zeros([4]);
    expect(run({ x, filter: tf.ones([3, 3, 2, 4]), bias: b })).toThrow(/the filter \[3,3,2,4\] takes 2 input channels, but x \[2,6,6,3\] gives 3/);
    expect(run({ x, filter: tf.ones([3, 3, 3, 4]), bias: b }, 'spaceToDepth')).toThrow(/gives 12 after spaceToDepth/);
    expect(run({ x: tf.ones([1, 5, 6, 3]), filter: tf.ones([3, 3, 12, 4]), bias: b }, 'spaceToDepth')).toThrow(/space-to-depth needs even image sides, got 5×6/);
    expect(run({ x, filter: tf.ones([3, 3, 3, 4]), bias: tf.zeros([5]) })).toThrow(/bias must have shape \[4\], got \[5\]/);
    expect(run({ x, filter: tf.ones([3, 3, 3, 4]), bias: b, mask: tf.ones([3, 3, 3, 5]) })).toThrow(/mask must have shape \[3,3,3,4\]/);
    expect(run({ x: tf.ones([6, 6, 3]), filter: tf.ones([3, 3, 3, 4]), bias: b })).toThrow(/x must be \[batch, height, width, channels\], got shape \[6,6,3\]/);
    expect(run({ x: tf.ones([2, 6, 6, 3], 'int32'), filter: tf.ones([3, 3, 3, 4]), bias: b })).toThrow(/x must be float32, got int32/);
    const grad = () =>
      tf.engine().runKernel(CONV_KERNELS.conv2dGrad, { x, filter: tf.ones([3, 3, 3, 4]), y: tf.ones([2, 6, 6, 4]), dy: tf.ones([2, 6, 5, 4]) }, { resample: 'none', activation: 'relu', inputGradient: true });
    expect(grad).toThrow(/dy must have shape \[2,6,6,4\], got \[2,6,5,4\]/);
  });

  it('splitting the batch across threads gives what one thread gives (both forms)', async () => {
    const blas = await loadBinding();
    const threadsBefore = blas.describe().threads;
    try {
      for (const c of [CASES[1], CASES[3]] as Case[]) {
        const wide = { ...c, batch: 5 };
        const inputs = hostInputs(wide, 21);
        const layer = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, mask: tf.Tensor4D | null) => convLayer(x, w, b, c.activation, { resample: c.resample, mask });
        blas.setThreads(1);
        const one = await layerAndGradients(CPU_BLAS_BACKEND, wide, inputs, layer);
        blas.setThreads(3);
        const three = await layerAndGradients(CPU_BLAS_BACKEND, wide, inputs, layer);
        one.values.forEach((values, i) => expect(relativeError(three.values[i] as Float32Array, values), `output ${i}`).toBeLessThan(1e-5));
      }
    } finally {
      blas.setThreads(threadsBefore);
    }
  });

  it('the binding itself refuses a geometry or a buffer that does not fit, rather than reading past it', async () => {
    const blas = await loadBinding();
    const x = new Float32Array(9);
    const out = new Float32Array(9);
    const w = new Float32Array(9);
    expect(() => blas.conv2d(x, w, null, null, null, [1, 3, 3, 1, 3, 3, 1, 1, 1, 3, 3] as never, false, out)).toThrow(/geometry must be an array of 12 integers/);
    expect(() => blas.conv2d(x, w, null, null, null, [1, 3, 3, 1, 3, 3, 1, 1, 1, 4, 3, 0], false, out)).toThrow(/out has 9 elements; its shape needs 12/);
    expect(() => blas.conv2d(x, w, null, null, null, [1, 3, 3, 1, 3, 3, 1, 1, 1, 3, 3, 5 as 0], false, out)).toThrow(/resample must be 0, 1 or 2/);
    expect(() => blas.conv2d(x, w, null, null, null, [1, 3, 3, 1, 3, -1, 1, 1, 1, 3, 3, 0], false, out)).toThrow(/geometry\[5\] must be an integer/);
    expect(() => blas.conv2dGrad(x, w, null, null, out, [1, 3, 3, 1, 3, 3, 1, 1, 1, 3, 3, 0], true, null, w, new Float32Array(1), null)).toThrow(/relu layer's gradient needs its output y/);
    expect(() => blas.convEngine('sse9' as never)).toThrow(/name must be "avx512", "avx2" or "baseline"/);
    expect(() => blas.conv2d(x, w, null, null, null, [1, 3, 3, 1, 3, 3, 1, 1, 1, 3, 3, 0], false, new Float32Array(8))).toThrow(/out has 8 elements; its shape needs 9/);
  });
});

function describeCase(c: Case): string {
  return `${c.batch}×${c.height}×${c.width}×${c.channels}, ${c.kernel}×${c.kernel}→${c.outChannels}, ${c.resample}, ${c.activation}${c.masked === true ? ', masked' : ''}${c.inputNeedsGradient === false ? ', no dx' : ''}`;
}
