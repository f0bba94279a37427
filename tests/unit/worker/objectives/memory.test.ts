import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { elboTerms } from '../../../../src/worker/objectives/elbo';
import { gaussianKlPerDim } from '../../../../src/worker/objectives/gaussian-kl';
import { iwaeBound, logNormalDiag, logStandardNormal } from '../../../../src/worker/objectives/iwae';
import {
  bernoulliLogLikelihood,
  discretizedLogisticLogLikelihood,
  gaussianLogLikelihood,
} from '../../../../src/worker/objectives/likelihoods';
import { clampLogVar, reparameterize } from '../../../../src/worker/objectives/reparameterize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('objectives and tensor memory', () => {
  it('each function leaves behind only the tensors it returns', () => {
    const x = tf.randomUniform([4, 6]);
    const mu = tf.randomNormal([4, 3]);
    const logVar = tf.randomNormal([4, 3]);
    const eps = tf.randomNormal([4, 3]);
    const logPx = tf.tensor1d([1, 2, 3, 4]);
    const calls: (() => tf.Tensor | tf.Tensor[])[] = [
      () => gaussianKlPerDim(mu as tf.Tensor2D, logVar as tf.Tensor2D),
      () => reparameterize(mu, logVar, eps),
      () => clampLogVar(logVar),
      () => bernoulliLogLikelihood(x, x),
      () => gaussianLogLikelihood(x, x, -1),
      () => discretizedLogisticLogLikelihood(x, x, -3),
      () => logNormalDiag(eps, mu, logVar),
      () => logStandardNormal(eps),
      () => iwaeBound(mu as tf.Tensor2D),
      () => Object.values(elboTerms({ logPx, klPerDim: mu as tf.Tensor2D, beta: 1, freeBits: 0.5 })),
    ];
    for (const call of calls) {
      const before = tf.memory().numTensors;
      const result = call();
      const returned = Array.isArray(result) ? result : [result];
      expect(tf.memory().numTensors - before).toBe(returned.length);
      tf.dispose(returned);
    }
    tf.dispose([x, mu, logVar, eps, logPx]);
  });

  it('a full loss-and-gradient step under tf.variableGrads does not grow the tensor count', () => {
    const weights = tf.variable(tf.randomNormal([6, 6], 0, 0.1));
    const x = tf.randomUniform([8, 6]);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const h = tf.matMul(x, weights);
          const mu = h.slice([0, 0], [8, 3]) as tf.Tensor2D;
          const logVar = clampLogVar(h.slice([0, 3], [8, 3])) as tf.Tensor2D;
          const z = reparameterize(mu, logVar, tf.randomNormal([8, 3]));
          const logits = tf.matMul(z, weights.slice([0, 0], [3, 6]));
          const logPx = bernoulliLogLikelihood(x, logits);
          return elboTerms({ logPx, klPerDim: gaussianKlPerDim(mu, logVar), beta: 1, freeBits: 0.1 }).loss;
        });
        weights.assign(weights.sub((grads[weights.name] ?? tf.zerosLike(weights)).mul(0.01)));
        return value;
      });
    step().dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step().dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([weights, x]);
  });
});
