/**
 * One pixel value from an autoregressive decoder's outputs for it: drawn from its distribution
 * ('sample') or its most likely value ('most-likely'). Values are in [0, 1]: 0 or 1 for a
 * Bernoulli, one of the 256 levels k/255 for the discretized logistic.
 */
import type { Likelihood } from '../../shared/config';
import { MIN_LOG_SCALE } from '../models/likelihood-head';
import type { Random } from '../random';

export type PixelDecoding = 'sample' | 'most-likely';

/** (first output, second output or NaN) → the pixel's value. */
export type PixelChooser = (first: number, second: number) => number;

const LEVELS = 255;

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** Mass of level k under the logistic(mean, s) discretized into 256 bins, tails in the edge bins. */
function levelMass(k: number, mean: number, s: number): number {
  const upper = k === LEVELS ? 1 : sigmoid(((k + 0.5) / LEVELS - mean) / s);
  const lower = k === 0 ? 0 : sigmoid(((k - 0.5) / LEVELS - mean) / s);
  return upper - lower;
}

export function pixelChooser(likelihood: Likelihood, decoding: PixelDecoding, random: Random): PixelChooser {
  switch (likelihood) {
    case 'bernoulli':
      return decoding === 'sample' ? (logit) => (random.next() < sigmoid(logit) ? 1 : 0) : (logit) => (logit > 0 ? 1 : 0);
    case 'discretized-logistic':
      return (mean, rawLogScale) => {
        const s = Math.exp(Math.max(rawLogScale, MIN_LOG_SCALE));
        const level = (v: number) => Math.min(LEVELS, Math.max(0, Math.round(v * LEVELS)));
        if (decoding === 'sample') {
          // Inverse CDF of the logistic; u kept off 0 and 1 so the logit stays finite.
          const u = Math.min(1 - 1e-7, Math.max(1e-7, random.next()));
          return level(mean + s * Math.log(u / (1 - u))) / LEVELS;
        }
        // The interior level nearest the mean holds the most mass among interior levels; an edge
        // level also holds its whole tail, so it can beat it.
        const candidates = [level(mean), 0, LEVELS];
        let best = candidates[0] as number;
        for (const k of candidates) if (levelMass(k, mean, s) > levelMass(best, mean, s)) best = k;
        return best / LEVELS;
      };
    case 'gaussian':
      throw new Error('the PixelCNN decoder has no Gaussian likelihood: use "bernoulli" or "discretized-logistic"');
  }
}
