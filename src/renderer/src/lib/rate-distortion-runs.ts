/** A run's evaluations as a path on the rate–distortion plane. Pure. */
import type { RateDistortionRun } from '../charts/rate-distortion-option';
import { parseRunConfig } from '../../../shared/config';
import type { EpochEvaluation } from '../../../shared/training-report';

export function rateDistortionRun(name: string, config: unknown, evaluations: readonly EpochEvaluation[]): RateDistortionRun | null {
  const vae = evaluations.filter((e) => e.klPerDim.length > 0);
  if (vae.length === 0) return null;
  let beta = 1;
  try {
    beta = parseRunConfig(config).objective.beta;
  } catch {
    // A config this build cannot read still has its evaluations; draw the β = 1 line.
  }
  return { name, beta, split: vae[vae.length - 1]?.split ?? 'test', points: vae.map((e) => ({ epoch: e.epoch, rate: e.kl, distortion: e.recon })) };
}
