/** How a test-set evaluation lands in a run's summary and log. */
import type { RunSummary } from '../../../shared/runs';
import type { EpochEvaluation } from '../../../shared/training-report';

export function testSummary(evaluation: EpochEvaluation): RunSummary {
  return { testElbo: evaluation.elbo, testNll: evaluation.iwae?.nll ?? null, testBitsPerDim: evaluation.iwae?.bitsPerDim ?? null };
}

export function describeTestEvaluation(evaluation: EpochEvaluation): string {
  const parts = [`ELBO ${evaluation.elbo.toFixed(2)} ± ${evaluation.elboStdErr.toFixed(2)} nats on ${evaluation.heldOutPoints} points (epoch ${evaluation.epoch})`];
  const iwae = evaluation.iwae;
  if (iwae) {
    const estimator = `IWAE-${iwae.k} bound, ${iwae.points} points`;
    parts.push(
      iwae.nll !== null ? `NLL ≤ ${iwae.nll.toFixed(2)} ± ${iwae.boundStdErr.toFixed(2)} nats (${estimator})` : `${estimator}: ${iwae.bound.toFixed(2)} ± ${iwae.boundStdErr.toFixed(2)} (not a likelihood)`,
    );
  }
  return parts.join(', ');
}
