import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/shared/config';
import { discreteNll, likelihoodAccounting, natsToBitsPerDim } from '../../../src/shared/likelihood-accounting';
import { dequantize } from '../../../src/worker/data/dequantize';
import { gaussianLogLikelihood } from '../../../src/worker/objectives/likelihoods';

describe('likelihood accounting', () => {
  it('adds D·ln 256 for a Gaussian on dequantized data: σ = 0.1, mean at the bin centre, D = 784 gives 6.00 bits/dim (not −2.00)', () => {
    const pixels = 784;
    const levels = Float32Array.from({ length: pixels }, (_, i) => (i % 256) / 255);
    const x = tf.tensor2d(levels, [1, pixels]);
    const y = dequantize(x, 42);
    // The decoder's mean sits at the centre of each dequantization bin, (k + ½)/256.
    const centre = tf.div(tf.add(tf.round(tf.mul(x, 255)), 0.5), 256);
    const logDensity = gaussianLogLikelihood(y, centre, Math.log(0.1)).dataSync()[0] as number;
    tf.dispose([x, y, centre]);
    const config = parseRunConfig({ model: { likelihood: 'gaussian', gaussianSigma: 0.1 }, data: { dequantize: true } });
    const accounting = likelihoodAccounting(config);
    expect(accounting.isLikelihood).toBe(true);
    // What the workbench used to report: the continuous density alone.
    expect(natsToBitsPerDim(-logDensity, pixels)).toBeCloseTo(-2.0, 2);
    expect(natsToBitsPerDim(discreteNll(logDensity, pixels, accounting), pixels)).toBeCloseTo(6.0, 2);
  });

  it('gives an NLL only for binarized Bernoulli, discretized logistic and dequantized Gaussian', () => {
    const cases: [unknown, boolean][] = [
      [{ model: { likelihood: 'bernoulli' }, data: { binarization: 'none' } }, false],
      [{ model: { likelihood: 'bernoulli' }, data: { binarization: 'static' } }, true],
      [{ model: { likelihood: 'bernoulli' }, data: { binarization: 'dynamic' } }, true],
      [{ model: { likelihood: 'discretized-logistic' } }, true],
      [{ model: { likelihood: 'gaussian' } }, false],
      [{ model: { likelihood: 'gaussian' }, data: { dequantize: true } }, true],
    ];
    for (const [input, expected] of cases) {
      const accounting = likelihoodAccounting(parseRunConfig(input));
      expect(accounting.isLikelihood, JSON.stringify(input)).toBe(expected);
      if (!expected) expect(accounting.reconLabel).toMatch(/not a likelihood/);
    }
    expect(likelihoodAccounting(parseRunConfig({})).reconLabel).toBe('BCE on grey levels, not a likelihood');
  });

  it('puts runs whose numbers compare under one key, and others apart', () => {
    const key = (input: unknown) => likelihoodAccounting(parseRunConfig(input)).comparabilityKey;
    expect(key({ model: { likelihood: 'discretized-logistic' } })).toBe(key({ model: { likelihood: 'gaussian' }, data: { dequantize: true } }));
    expect(key({})).not.toBe(key({ data: { binarization: 'static' } }));
    expect(key({ data: { binarization: 'static' } })).not.toBe(key({ data: { binarization: 'dynamic' } }));
  });

  it('converts nats to bits per dimension and refuses a bad pixel count', () => {
    expect(natsToBitsPerDim(784 * Math.LN2, 784)).toBeCloseTo(1, 12);
    expect(() => natsToBitsPerDim(80, 0)).toThrow(/pixels must be a positive integer/);
  });
});
