/** The decoder likelihoods, each log p(x | z) per example (summed over every non-batch axis). */
export { bernoulliLogLikelihood } from './bernoulli';
export { gaussianLogLikelihood } from './gaussian-likelihood';
export { discretizedLogisticLogLikelihood } from './discretized-logistic';
