/**
 * The PixelCNN decoder is causal: its output at pixel i (every colour channel, every output part)
 * has exactly zero gradient with respect to every input value at or after i in raster order
 * (pixel by pixel, and within a pixel R, G, B), and a nonzero one where the masks must let
 * information through. Checked on MNIST's 28×28 grayscale and CIFAR's 32×32 colour shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterSet } from '../../../../src/worker/models/parameters';
import { pixelCnnDecoder } from '../../../../src/worker/models/pixelcnn-decoder';
import { causalMaskValues } from '../../../../src/worker/models/pixelcnn-mask';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  tf.disposeVariables();
});

const mnist = { height: 28, width: 28, channels: 1 };
const cifar = { height: 32, width: 32, channels: 3 };

/** Mask value at tap (i, j) from input channel c to output channel o. */
const tap = (mask: Float32Array, k: number, inC: number, outC: number, i: number, j: number, c: number, o: number) => mask[((i * k + j) * inC + c) * outC + o];

describe('PixelCNN masks', () => {
  it('mask A closes the centre of a grayscale filter, mask B opens it; rows below and the right of the centre row are closed', () => {
    const a = causalMaskValues(3, 1, 1, 1, 'A');
    const b = causalMaskValues(3, 1, 1, 1, 'B');
    expect(Array.from(a)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(b)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('at the centre of a colour filter, A lets a colour see only earlier colours, B also its own', () => {
    const k = 3;
    const a = causalMaskValues(k, 3, 3, 3, 'A');
    const b = causalMaskValues(k, 3, 3, 3, 'B');
    for (let c = 0; c < 3; c++) {
      for (let o = 0; o < 3; o++) {
        expect(tap(a, k, 3, 3, 1, 1, c, o)).toBe(c < o ? 1 : 0);
        expect(tap(b, k, 3, 3, 1, 1, c, o)).toBe(c <= o ? 1 : 0);
        expect(tap(a, k, 3, 3, 0, 2, c, o)).toBe(1); // above and to the right: an earlier row
        expect(tap(b, k, 3, 3, 1, 2, c, o)).toBe(0); // right of the centre in its row
      }
    }
  });
});

/** Output positions to check: corners, edges, the middle, and a spread of others. */
function positions(h: number, w: number): [number, number][] {
  const fixed: [number, number][] = [[0, 0], [0, 1], [0, w - 1], [1, 0], [h - 1, 0], [h - 1, w - 1], [Math.floor(h / 2), Math.floor(w / 2)], [3, 5]];
  for (let n = 0; n < 3; n++) fixed.push([(n * 7 + 2) % h, (n * 11 + 3) % w]);
  return fixed;
}

const plain = { conditioning: 'spatial', hiddenKernel: 3, residual: false } as const;
/** Residual connections around 5×5 mask-B layers: the identity path must not open the future either. */
const residual5 = { conditioning: 'global', hiddenKernel: 5, residual: true } as const;

describe.each([
  ['28×28 grayscale, Bernoulli', mnist, 1, plain],
  ['32×32 colour, discretized logistic', cifar, 2, plain],
  ['28×28 grayscale, Bernoulli, residual 5×5', mnist, 1, residual5],
  ['32×32 colour, discretized logistic, residual 5×5', cifar, 2, residual5],
] as const)('the masked stack on %s', (_label, image, parts, stack) => {
  it('has zero gradient at and after each output pixel and colour, and a nonzero one where the masks let information through', async () => {
    const parameters = new ParameterSet(3);
    const latent = 4;
    const decoder = pixelCnnDecoder(parameters, latent, image, { layers: 4, channels: 9, ...stack }, parts);
    const { height: H, width: W, channels: C } = image;
    const pixels = H * W * C;
    const x = tf.randomUniform([1, pixels], 0, 1, 'float32', 11) as tf.Tensor2D;
    const z = tf.randomNormal([1, latent], 0, 1, 'float32', 12) as tf.Tensor2D;
    const gradientOf = (part: number, index: number) =>
      tf.grad((input: tf.Tensor) => tf.sum(tf.slice(decoder.forward(z, input as tf.Tensor2D, { inputGradient: true })[part] as tf.Tensor2D, [0, index], [1, 1])));
    let checked = 0;
    const open = { left: [] as boolean[], above: [] as boolean[], earlierColour: [] as boolean[] };
    for (const [row, col] of positions(H, W)) {
      for (let colour = 0; colour < C; colour++) {
        const i = (row * W + col) * C + colour;
        for (let part = 0; part < parts; part++) {
          const g = tf.tidy(() => gradientOf(part, i)(x));
          const values = await g.data();
          g.dispose();
          // Exactly zero at i and after it (later colours of this pixel, every later pixel).
          let worst = 0;
          for (let j = i; j < pixels; j++) worst = Math.max(worst, Math.abs(values[j] as number));
          expect(worst, `output (${row}, ${col}) colour ${colour} part ${part} leaks from the future`).toBe(0);
          // The pixel to the left and the one above reach it through mask A's open taps; an
          // earlier colour of the same pixel only through mask B's open centre in every later
          // layer. A relu can close one path by chance, so these are counted, not required each time.
          const reaches = (j: number) => Math.abs(values[j] as number) > 0;
          if (col > 0) open.left.push(reaches(i - C));
          if (row > 0) open.above.push(reaches(i - W * C));
          if (colour > 0) open.earlierColour.push(reaches(i - 1));
          checked++;
        }
      }
    }
    expect(checked).toBe(positions(H, W).length * C * parts);
    const share = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;
    expect(share(open.left)).toBeGreaterThan(0.8);
    expect(share(open.above)).toBeGreaterThan(0.8);
    // With B's centre closed this share would be 0; through relus of a narrow random stack it is ~0.75.
    if (C > 1) expect(share(open.earlierColour)).toBeGreaterThan(0.5);
    tf.dispose([x, z]);
    decoder.dispose();
    parameters.dispose();
  }, 120_000);
});
