/**
 * The words beside each held-out number: what it is, on which split and points, with which
 * estimator, and its standard error. A number that is not a likelihood is not called one. Pure.
 */
import type { RunConfig } from '../../../../shared/config';
import { likelihoodAccounting } from '../../../../shared/likelihood-accounting';
import type { EpochEvaluation } from '../../../../shared/training-report';
import { formatMetricValue } from '../../lib/series/format';

export interface EvaluationLine {
  id: string;
  label: string;
  value: string;
  /** One sentence: what it is and how it was computed. */
  help: string;
}

const fmt = (value: number) => formatMetricValue(value, 5);
const pm = (value: number, stdErr: number) => (Number.isFinite(stdErr) ? `${fmt(value)} ± ${formatMetricValue(stdErr, 2)}` : fmt(value));
const splitName = (split: EpochEvaluation['split']) => (split === 'validation' ? 'validation' : 'test');

export function evaluationLines(evaluation: EpochEvaluation, config: RunConfig | null): EvaluationLine[] {
  const split = splitName(evaluation.split);
  const lines: EvaluationLine[] = [
    {
      id: 'elbo',
      label: `ELBO · ${split}, ${evaluation.heldOutPoints} points`,
      value: `${pm(evaluation.elbo, evaluation.elboStdErr)} nats`,
      help: `E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) with one z per point, averaged over ${evaluation.heldOutPoints} ${split} points; ± one standard error over the points.`,
    },
  ];
  const iwae = evaluation.iwae;
  if (iwae) {
    const accounting = config ? likelihoodAccounting(config) : null;
    const estimator = `IWAE-${iwae.k} bound, ${iwae.points} points`;
    lines.push({
      id: 'iwae',
      label: `${estimator} · ${split}`,
      value: `${pm(iwae.bound, iwae.boundStdErr)} nats`,
      help: `log (1/K) Σ_k p(x, z_k)/q(z_k|x) with K = ${iwae.k} (Burda et al. 2015) on the first ${iwae.points} ${split} points; the ELBO on the same points and samples is ${pm(iwae.elbo, iwae.elboStdErr)}, so the gap is ${fmt(iwae.bound - iwae.elbo)} nats on one point set.`,
    });
    if (iwae.nll !== null && iwae.bitsPerDim !== null) {
      lines.push({
        id: 'nll',
        label: `NLL ≤ · ${split} (${estimator})`,
        value: `${fmt(iwae.nll)} nats · ${formatMetricValue(iwae.bitsPerDim, 4)} bits/dim`,
        help: `${accounting?.reconLabel ?? 'negative log-likelihood'}: an upper bound on −log p(x) from the IWAE bound${accounting && accounting.offsetNatsPerDim > 0 ? ', including D·ln 256 for the dequantization' : ''}. ${accounting?.explanation ?? ''}`.trim(),
      });
    } else if (accounting) {
      lines.push({ id: 'not-nll', label: 'No NLL for this run', value: accounting.reconLabel, help: accounting.explanation });
    }
  }
  if (evaluation.trainSubset) {
    const gap = evaluation.trainSubset.elbo - evaluation.elbo;
    lines.push({
      id: 'gap',
      label: `Generalisation gap · ${evaluation.trainSubset.points} training points`,
      value: `${fmt(gap)} nats`,
      help: `ELBO on a fixed subset of the training data (${pm(evaluation.trainSubset.elbo, evaluation.trainSubset.elboStdErr)}) minus the ${split} ELBO: how much better the model scores what it trained on.`,
    });
  }
  if (evaluation.posteriorVariance.length > 0) {
    const mean = evaluation.posteriorVariance.reduce((a, b) => a + b, 0) / evaluation.posteriorVariance.length;
    lines.push({
      id: 'posterior-variance',
      label: `Mean posterior variance · ${split}`,
      value: fmt(mean),
      help: 'E_x σ²_d(x) averaged over the dimensions: 1 is the prior’s; an unused dimension sits near 1, an informative one well below.',
    });
  }
  return lines;
}
