/**
 * The collapse panel's words, written from the run's own numbers. Two views with their own levels:
 * the code as a whole (collapsed / weak / informative, from the mutual information I(x; z), He et
 * al. 2019) and the dimensions (active or unused by Burda et al.'s Var_x E_q[z_d] > 0.01). Unused
 * dimensions in an informative code are pruning, which healthy VAEs do, not a failure. Remedies
 * come from collapse-fixes.ts. Pure, unit-tested.
 */
import type { RunConfig } from '../../../../shared/config';
import { ACTIVE_UNIT_VARIANCE, COLLAPSED_MI_NATS, type CollapseVerdict, WEAK_MI_SHARE_OF_CAP } from '../../../../shared/collapse-verdict';
import type { EpochEvaluation } from '../../../../shared/training-report';
import { formatMetricValue } from '../../lib/series/format';
import { type CollapseFix, decoderNote, fixesFor } from './collapse-fixes';

export type { CollapseFix, FixId } from './collapse-fixes';

/** What posterior collapse is; the findings below then say how this run stands. */
export const COLLAPSE_DEFINITION =
  'Posterior collapse is the code carrying (almost) no information about the input: q(z|x) ≈ p(z) for every x, ' +
  'so the mutual information I(x; z) is near zero and the decoder ignores z (He et al. 2019). ' +
  'Unused dimensions in an informative code are something else: a VAE with a large latent space prunes the dimensions it does not need ' +
  '(Burda et al. 2015), which costs nothing and is not a failure.';

export type CollapseLevel = 'pending' | 'collapsed' | 'weak' | 'informative' | 'not-applicable';

export interface CollapseReport {
  level: CollapseLevel;
  /** True when the code is collapsed or weak: the dashboard shows a warning. */
  warn: boolean;
  headline: string;
  findings: string[];
  fixes: CollapseFix[];
}

export interface CollapseInput {
  /** The run's config (parsed); null when it cannot be read, and then no fix is tailored. */
  config: RunConfig | null;
  /** Held-out evaluations, ascending by epoch. */
  evaluations: readonly EpochEvaluation[];
  /** Optimizer steps per epoch, when known (from the run's progress). */
  stepsPerEpoch: number | null;
}

const fmt = (value: number): string => formatMetricValue(value, 3);

function headlineFor(verdict: CollapseVerdict): string {
  const mi = `I(x; z) = ${fmt(verdict.mutualInformation)} nats`;
  switch (verdict.level) {
    case 'collapsed':
      return verdict.totalKl >= 1
        ? `Posterior collapse: the code carries almost no information (${mi}) although it costs ${fmt(verdict.totalKl)} nats of KL`
        : `Posterior collapse: the code carries almost no information (${mi})`;
    case 'weak':
      return `Weak code: ${mi}, less than half of the ${fmt(verdict.mutualInformationCap)} nats ${verdict.points} points can show`;
    case 'informative':
      return verdict.unusedCount > 0
        ? `No posterior collapse: the code is informative (${mi}); ${verdict.unusedCount} of ${verdict.dims} dimensions unused (pruned), which is normal`
        : `No posterior collapse: the code is informative (${mi}) and all ${verdict.dims} dimensions are in use`;
  }
}

function verdictFindings(latest: EpochEvaluation, verdict: CollapseVerdict): string[] {
  const findings = [
    `Mutual information I(x; z) = ${fmt(verdict.mutualInformation)} nats on ${verdict.points} ${latest.split} points after epoch ${latest.epoch} ` +
      `(He et al.'s estimator; it cannot exceed ln ${verdict.points} = ${fmt(verdict.mutualInformationCap)} nats). ` +
      `Levels: collapsed below ${fmt(COLLAPSED_MI_NATS)} nats, weak below ${fmt(WEAK_MI_SHARE_OF_CAP * verdict.mutualInformationCap)} (half the ceiling).`,
    `KL(q(z|x) ‖ p(z)) averages ${fmt(verdict.totalKl)} nats on the same points; the marginal KL(q(z) ‖ p(z)) = KL − I = ${fmt(verdict.marginalKl)} nats is KL that buys no information` +
      (verdict.mutualInformation > 0.9 * verdict.mutualInformationCap ? ' (over-estimated here: the MI estimate is at its ceiling).' : '.'),
    `Active units (Burda et al.: Var_x E_q[z_d] > ${fmt(ACTIVE_UNIT_VARIANCE)}): ${verdict.activeUnits} of ${verdict.dims}; ` +
      (verdict.unusedCount > 0 ? `${verdict.unusedCount} unused (pruned) dimension${verdict.unusedCount === 1 ? '' : 's'}.` : 'none unused.'),
  ];
  let best = 0;
  latest.klPerDim.forEach((value, dimension) => {
    if (value > (latest.klPerDim[best] ?? -Infinity)) best = dimension;
  });
  if (latest.klPerDim.length > 0) findings.push(`The most informative dimension, z${best + 1}, carries ${fmt(latest.klPerDim[best] ?? Number.NaN)} nats of KL.`);
  return findings;
}

function trendFinding(first: EpochEvaluation | undefined, latest: EpochEvaluation): string | null {
  if (!first || first === latest || first.mutualInformation === null || latest.mutualInformation === null) return null;
  const before = first.mutualInformation;
  const now = latest.mutualInformation;
  if (Math.abs(now - before) < 0.05) return `I(x; z) has not moved since epoch ${first.epoch} (${fmt(before)} nats).`;
  return `I(x; z) ${now > before ? 'grew' : 'fell'} from ${fmt(before)} nats after epoch ${first.epoch} to ${fmt(now)} now.`;
}

export function explainCollapse(input: CollapseInput): CollapseReport {
  const latest = input.evaluations[input.evaluations.length - 1];
  if (input.config?.model.kind === 'vq-vae') return explainCodebook(latest ?? null);
  if (!latest) {
    return {
      level: 'pending',
      warn: false,
      headline: 'No held-out evaluation yet',
      findings: ['The mutual information, KL per dimension and active units are measured on held-out data at the end of each epoch.'],
      fixes: [],
    };
  }
  const verdict = latest.verdict;
  if (!verdict) {
    return { level: 'not-applicable', warn: false, headline: 'No information estimate for this evaluation', findings: [], fixes: [] };
  }
  const findings = verdictFindings(latest, verdict);
  const trend = trendFinding(input.evaluations[0], latest);
  if (trend) findings.push(trend);
  const failing = verdict.level !== 'informative';
  const note = failing ? decoderNote(input.config) : null;
  if (note) findings.push(note);
  if (!failing && verdict.unusedCount > 0) {
    findings.push(`latentDim = ${Math.max(2, verdict.activeUnits)} would hold the same information with fewer idle dimensions; keeping them costs nothing.`);
  }
  return {
    level: verdict.level,
    warn: failing,
    headline: headlineFor(verdict),
    findings,
    fixes: failing ? fixesFor(input.config, input.stepsPerEpoch) : [],
  };
}

function explainCodebook(latest: EpochEvaluation | null): CollapseReport {
  const base = { level: 'not-applicable' as const };
  const codebook = latest?.codebook;
  if (!latest || !codebook) {
    return { ...base, fixes: [], warn: false, headline: 'A VQ-VAE has no KL term to collapse', findings: ['Codebook usage is measured on held-out data at the end of each epoch.'] };
  }
  const share = codebook.usedCodes / codebook.codebookSize;
  const findings = [
    `After epoch ${latest.epoch}, ${codebook.usedCodes} of ${codebook.codebookSize} codes are in use; the codebook perplexity ` +
      `(the effective number of codes) is ${fmt(codebook.perplexity)}.`,
  ];
  const fixes: CollapseFix[] =
    share < 0.25
      ? [{ id: 'codebook', title: 'Codebook collapse', advice: 'Most codes are dead: re-initialise unused codes from encoder outputs, lower the commitment cost, or use a smaller codebook.' }]
      : [];
  return { ...base, fixes, warn: share < 0.25, headline: 'A VQ-VAE has no KL term to collapse; its analogue is unused codes', findings };
}
