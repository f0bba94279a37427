/**
 * A linear-Gaussian model whose gradient estimators have closed forms: one data point y ∈ R^K,
 * p(z) = N(0, I), p(y | z) = N(y; w ∘ z, s² I) (a diagonal linear decoder), and q(z) = N(μ, diag e^logVar)
 * with μ and logVar as the encoder's parameters. With ε ~ N(0, 1) and z_k = μ_k + σ_k ε_k,
 * f(z) = −log p(y | z) = Σ_k a_k + b_k ε_k + c_k ε_k², where r_k = y_k − w_k μ_k and
 *   a_k = r_k² / 2s² + ½ log 2πs²,  b_k = −r_k w_k σ_k / s²,  c_k = w_k² σ_k² / 2s².
 * Every moment below is a Gaussian moment of a quadratic in ε: E ε² = 1, E ε⁴ = 3, E ε⁶ = 15 (and
 * E ε⁴(ε² − 1)² = 78, E ε²(ε² − 1)² = 10, E (ε² − 1)² = 2), so the means and variances are exact.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientEstimatorName } from '../../../../src/shared/gradient-lab';
import type { GradientProblem } from '../../../../src/worker/gradients/gradient-problem';

export interface LinearGaussian {
  w: number[];
  s: number;
  y: number[];
  mu: number[];
  logVar: number[];
}

export function linearGaussianProblem(model: LinearGaussian): GradientProblem & { dispose(): void } {
  const K = model.w.length;
  const mu = tf.variable(tf.tensor2d([model.mu]), true);
  const logVar = tf.variable(tf.tensor2d([model.logVar]), true);
  const w = tf.tensor1d(model.w);
  const y = tf.tensor1d(model.y);
  const constant = 0.5 * K * Math.log(2 * Math.PI * model.s * model.s);
  return {
    variables: [mu, logVar],
    groups: [
      { name: 'μ', parts: [{ variable: 0 }] },
      { name: 'log σ²', parts: [{ variable: 1 }] },
    ],
    points: 1,
    latentDim: K,
    posterior: () => ({ mu: mu as tf.Tensor2D, logVar: logVar as tf.Tensor2D }),
    negLogLikelihood: (z) => tf.add(tf.div(tf.sum(tf.square(tf.sub(y, tf.mul(z, w))), 1), 2 * model.s * model.s), constant),
    dispose: () => tf.dispose([mu, logVar, w, y]),
  };
}

interface Coefficients {
  a: number[];
  b: number[];
  c: number[];
  sigma: number[];
}

function coefficients(model: LinearGaussian): Coefficients {
  const s2 = model.s * model.s;
  const sigma = model.logVar.map((lv) => Math.exp(0.5 * lv));
  const r = model.y.map((yk, k) => yk - (model.w[k] as number) * (model.mu[k] as number));
  return {
    a: r.map((rk) => (rk * rk) / (2 * s2) + 0.5 * Math.log(2 * Math.PI * s2)),
    b: r.map((rk, k) => (-rk * (model.w[k] as number) * (sigma[k] as number)) / s2),
    c: sigma.map((sk, k) => ((model.w[k] as number) ** 2 * sk * sk) / (2 * s2)),
    sigma,
  };
}

/** The true gradient of E_q[−log p(y | z)] + KL(q ‖ p): [∂/∂μ per dim, ∂/∂logVar per dim]. */
export function trueGradient(model: LinearGaussian): { mu: number[]; logVar: number[] } {
  const { b, c, sigma } = coefficients(model);
  return {
    mu: b.map((bk, k) => bk / (sigma[k] as number) + (model.mu[k] as number)),
    logVar: c.map((ck, k) => ck + 0.5 * (Math.exp(model.logVar[k] as number) - 1)),
  };
}

/** Variance of one estimate from L samples, per coordinate: [μ per dim, logVar per dim]. */
export function estimatorVariance(model: LinearGaussian, estimator: GradientEstimatorName, samples: number): { mu: number[]; logVar: number[] } {
  const { a, b, c, sigma } = coefficients(model);
  const K = a.length;
  if (estimator === 'reparameterization') {
    const s2 = model.s * model.s;
    return {
      // ∂f/∂z_k = −w_k (r_k − w_k σ_k ε_k) / s²: its noise is w_k² σ_k ε_k / s².
      mu: sigma.map((sk, k) => (model.w[k] as number) ** 4 * sk * sk / (s2 * s2) / samples),
      // ½ σ_k ε_k ∂f/∂z_k = ½ b_k ε_k + c_k ε_k².
      logVar: b.map((bk, k) => ((bk * bk) / 4 + 2 * (c[k] as number) ** 2) / samples),
    };
  }
  // The score-function weight f(z) − baseline; the baseline f(μ) = Σ a removes the constant.
  const offset = estimator === 'score-function-baseline' ? 0 : a.reduce((x, y) => x + y, 0);
  const mu: number[] = [];
  const logVar: number[] = [];
  for (let k = 0; k < K; k++) {
    // R = offset + Σ_{j≠k} (b_j ε_j + c_j ε_j²), independent of ε_k.
    let meanR = offset;
    let varR = 0;
    for (let j = 0; j < K; j++) {
      if (j === k) continue;
      meanR += c[j] as number;
      varR += (b[j] as number) ** 2 + 2 * (c[j] as number) ** 2;
    }
    const secondR = varR + meanR * meanR;
    const bk = b[k] as number;
    const ck = c[k] as number;
    const sk = sigma[k] as number;
    // g_μ = (R + b ε + c ε²) ε / σ;  g_logVar = (R + b ε + c ε²)(ε² − 1) / 2.
    mu.push((secondR + 2 * bk * bk + 15 * ck * ck + 6 * meanR * ck) / (sk * sk) / samples);
    logVar.push(((2 * secondR + 10 * bk * bk + 78 * ck * ck + 20 * meanR * ck) / 4 - ck * ck) / samples);
  }
  return { mu, logVar };
}
