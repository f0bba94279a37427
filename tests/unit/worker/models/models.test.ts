import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, PRESETS } from '../../../../src/shared/config';
import { createModel } from '../../../../src/worker/models/model';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from '../train/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const mnist = { height: 28, width: 28, channels: 1 };
const cifar = { height: 32, width: 32, channels: 3 };

describe('models', () => {
  it('mnist-vae has exactly the PyTorch example’s 652,824 parameters', () => {
    const model = createModel(PRESETS['mnist-vae'].config.model, mnist, 1, true);
    expect(model.parameters.count()).toBe(784 * 400 + 400 + 400 * 40 + 40 + 20 * 400 + 400 + 400 * 784 + 784);
    expect(model.parameters.count()).toBe(652_824);
    model.dispose();
  });

  it('the same seed gives the same initial weights, initialised in torch.nn.Linear’s range', async () => {
    const config = PRESETS['mnist-vae'].config.model;
    const a = createModel(config, mnist, 5, true);
    const b = createModel(config, mnist, 5, true);
    const c = createModel(config, mnist, 6, true);
    const kernel = (m: typeof a) => m.parameters.byName().get('encoder/dense0/kernel') as tf.Variable;
    // Byte comparison: toEqual on 313,600-element arrays is slow.
    const bytes = async (m: typeof a) => Buffer.from((await kernel(m).data()).buffer);
    expect((await bytes(a)).equals(await bytes(b))).toBe(true);
    expect((await bytes(a)).equals(await bytes(c))).toBe(false);
    const bound = 1 / Math.sqrt(784);
    expect((await tf.max(tf.abs(kernel(a))).data())[0]).toBeLessThanOrEqual(bound);
    [a, b, c].forEach((m) => m.dispose());
  });

  it.each([
    ['mlp', 'bernoulli', mnist, 1],
    ['mlp', 'discretized-logistic', cifar, 2],
    ['conv', 'bernoulli', mnist, 1],
    ['conv', 'gaussian', cifar, 1],
    ['conv', 'discretized-logistic', cifar, 2],
  ] as const)('%s encoder/decoder with a %s head on %o images', async (architecture, likelihood, image, outputs) => {
    const config = parseRunConfig({ model: { architecture, likelihood, hidden: architecture === 'conv' ? [8, 16, 32] : [32], latentDim: 3 } }).model;
    const model = createModel(config, image, 1, true);
    if (model.kind !== 'vae') throw new Error('expected a VAE');
    const pixels = image.height * image.width * image.channels;
    const x = tf.randomUniform([2, pixels], 0, 1, 'float32', 3) as tf.Tensor2D;
    const { mu, logVar } = model.encode(x);
    expect(mu.shape).toEqual([2, 3]);
    expect(logVar.shape).toEqual([2, 3]);
    const decoded = model.decode(mu);
    expect(decoded).toHaveLength(outputs);
    for (const d of decoded) expect(d.shape).toEqual([2, pixels]);
    const logPx = await model.head.logLikelihood(x, decoded).data();
    expect(logPx).toHaveLength(2);
    expect(Array.from(logPx).every(Number.isFinite)).toBe(true);
    const mean = await model.head.mean(decoded).data();
    expect(Math.min(...mean)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...mean)).toBeLessThanOrEqual(1);
    if (likelihood === 'gaussian') expect(model.parameters.byName().has('decoder/logSigma')).toBe(true);
    model.dispose();
  });

  it('a conv model needs image sides divisible by 2^stages and says so', () => {
    const config = parseRunConfig({ model: { architecture: 'conv', hidden: [8, 16, 32, 64] } }).model;
    expect(() => createModel(config, mnist, 1, true)).toThrow(/3 downsampling stages needs image sides divisible by 8; the images are 28×28/);
  });

  it('the conv-vae preset trains on the wasm backend (its filter gradient is our own)', async () => {
    const data = await mnistSubset(256, 50);
    const recorder = recordingSink();
    const outcome = await runTraining(
      smallConfig({ backend: 'wasm', model: { ...PRESETS['conv-vae'].config.model, hidden: [8, 16, 64] }, optim: { epochs: 3 }, reportEverySteps: 8 }),
      recorder.sink,
      RUN_TO_END,
      { dataset: data, evaluate: false },
    );
    expect(outcome.status).toBe('finished');
    expect(outcome.backend?.name).toBe('wasm');
    const losses = recorder.losses();
    expect(losses).toHaveLength(24);
    expect(losses.slice(-4).reduce((a, b) => a + b) / 4).toBeLessThan(0.8 * (losses[0] ?? 0));
  });
});
