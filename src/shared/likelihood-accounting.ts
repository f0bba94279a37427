/**
 * Whether a run's reconstruction term is a log-likelihood of the data, and so whether its IWAE
 * bound may be reported as an NLL and in bits/dim. A number that is not a likelihood is named for
 * what it is and never ranked against likelihoods.
 *
 * - Bernoulli on binarized pixels: a probability mass on {0,1}^D, so −log p(x) is an NLL.
 * - Bernoulli on grey levels (pytorch/examples' protocol): BCE against a soft target. Its minimum is
 *   Σ_i H(x_i) > 0 (about 45 nats per MNIST image for a perfect model), so it is not −log of any
 *   probability of the image: a useful training loss, not a likelihood.
 * - Discretized logistic: a probability per 8-bit level, an NLL as it stands.
 * - Gaussian on dequantized data y = (k + u)/256: a density on [0,1)^D. By Jensen,
 *   −log P(k) ≤ E_u[−log p(y)] + D·ln 256 (Theis et al. 2016), so the discrete NLL bound is the
 *   continuous one plus D·ln 256 nats (exactly +8 bits/dim).
 * - Gaussian on the raw grey levels: a density on discrete points, unbounded as σ → 0: not an NLL.
 */
import type { RunConfig } from './config';

export interface LikelihoodAccounting {
  /** True when −(IWAE bound) + offset is an upper bound on −log P(x) of the discrete data. */
  isLikelihood: boolean;
  /** Nats added per pixel to turn the model's bound into a bound on the discrete data (ln 256 for dequantized data). */
  offsetNatsPerDim: number;
  /** What the reconstruction term is, for labels: e.g. "BCE on grey levels, not a likelihood". */
  reconLabel: string;
  /** One sentence: why this is or is not a likelihood. */
  explanation: string;
  /** Runs whose numbers may be ranked against each other share this key. */
  comparabilityKey: string;
}

const LN_256 = Math.log(256);

type AccountingConfig = { data: Pick<RunConfig['data'], 'binarization' | 'dequantize'>; model: Pick<RunConfig['model'], 'likelihood' | 'kind'> };

export function likelihoodAccounting(config: AccountingConfig): LikelihoodAccounting {
  const { likelihood } = config.model;
  const { binarization, dequantize } = config.data;
  if (likelihood === 'bernoulli') {
    if (binarization !== 'none') {
      return {
        isLikelihood: true,
        offsetNatsPerDim: 0,
        reconLabel: `Bernoulli NLL on ${binarization}ally binarized pixels`,
        explanation: 'A Bernoulli decoder on binarized pixels assigns each image a probability, so −log p(x) is a negative log-likelihood.',
        comparabilityKey: `bernoulli/${binarization}`,
      };
    }
    return {
      isLikelihood: false,
      offsetNatsPerDim: 0,
      reconLabel: 'BCE on grey levels, not a likelihood',
      explanation:
        'Binary cross-entropy against grey levels is not −log of a probability of the image: even a perfect model scores Σ H(xᵢ) > 0 (about 45 nats on MNIST). Binarize the data to get an NLL.',
      comparabilityKey: 'bernoulli/grey',
    };
  }
  if (likelihood === 'discretized-logistic') {
    return {
      isLikelihood: true,
      offsetNatsPerDim: 0,
      reconLabel: 'discretized-logistic NLL on 8-bit levels',
      explanation: 'The discretized logistic gives each 8-bit level a probability, so −log p(x) is a negative log-likelihood of the discrete image.',
      comparabilityKey: 'discrete-8bit',
    };
  }
  if (dequantize) {
    return {
      isLikelihood: true,
      offsetNatsPerDim: LN_256,
      reconLabel: 'Gaussian NLL on dequantized data (+ D·ln 256)',
      explanation:
        'A Gaussian density on (k + u)/256 bounds the probability of the 8-bit image once D·ln 256 nats are added (Theis et al. 2016); the NLL and bits/dim shown include that offset.',
      comparabilityKey: 'discrete-8bit',
    };
  }
  return {
    isLikelihood: false,
    offsetNatsPerDim: 0,
    reconLabel: 'Gaussian density on grey levels, not a likelihood',
    explanation: 'A continuous density evaluated on discrete grey levels grows without bound as σ shrinks; turn on dequantization to get an NLL bound.',
    comparabilityKey: 'gaussian/grey',
  };
}

/** The discrete NLL bound, nats per example, from a model's log-likelihood bound on the (possibly dequantized) data. */
export function discreteNll(bound: number, pixels: number, accounting: LikelihoodAccounting): number {
  return -bound + pixels * accounting.offsetNatsPerDim;
}

/** Nats per example → bits per dimension. */
export function natsToBitsPerDim(nats: number, pixels: number): number {
  if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`bits per dim: pixels must be a positive integer, got ${pixels}`);
  return nats / (pixels * Math.LN2);
}
