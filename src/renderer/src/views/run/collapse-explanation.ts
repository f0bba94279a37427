/**
 * The collapse panel's words, written from the run's own numbers: how many latent dimensions went
 * unused, what the held-out diagnostics say, and which of the usual remedies (KL warm-up, free bits,
 * β < 1, a weaker decoder, a smaller latent) apply to THIS run's config and how. Pure, unit-tested.
 */
import type { RunConfig } from '../../../../shared/config';
import type { EpochEvaluation } from '../../../../shared/training-report';
import { formatMetricValue } from '../../lib/series/format';

/** Burda et al.'s threshold, also the KL below which the host calls a dimension collapsed. */
export const COLLAPSE_THRESHOLD_NATS = 0.01;

/** What posterior collapse is, in two sentences; the findings below then say how this run stands. */
export const COLLAPSE_DEFINITION =
  'Posterior collapse is when the encoder’s posterior q(z|x) for a latent dimension becomes the prior N(0, 1) ' +
  'for every input: the dimension then costs no KL but carries no information, and the decoder learns to ignore it. ' +
  'It happens when the KL price outweighs what the code is worth to the decoder: a heavy KL weight early in training, ' +
  'or a decoder strong enough to model the data without z.';

/**
 * 'weak': fewer than half the dimensions are below the threshold, but most of the rest carry less
 * than ten times it, so the code as a whole says almost nothing (early in a heavily weighted run).
 */
export type CollapseLevel = 'pending' | 'none' | 'partial' | 'weak' | 'severe' | 'total' | 'not-applicable';

export type FixId = 'warmup' | 'free-bits' | 'beta' | 'decoder' | 'latent' | 'codebook';

export interface CollapseFix {
  id: FixId;
  title: string;
  advice: string;
}

export interface CollapseReport {
  level: CollapseLevel;
  /** True when most dimensions collapsed: the dashboard shows a warning. */
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
  threshold?: number;
}

const fmt = (value: number): string => formatMetricValue(value, 3);
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function median(values: readonly number[]): number {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function finiteMax(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? Math.max(...finite) : Number.NaN;
}

/** `barelyUsed`: dimensions above the threshold but below ten times it. */
export function collapseLevel(collapsed: number, dims: number, barelyUsed = 0): CollapseLevel {
  if (dims === 0) return 'not-applicable';
  if (collapsed === dims) return 'total';
  if (collapsed / dims > 0.5) return 'severe';
  if ((collapsed + barelyUsed) / dims > 0.5) return 'weak';
  return collapsed === 0 ? 'none' : 'partial';
}

export function explainCollapse(input: CollapseInput): CollapseReport {
  const threshold = input.threshold ?? COLLAPSE_THRESHOLD_NATS;
  const latest = input.evaluations[input.evaluations.length - 1];
  if (input.config?.model.kind === 'vq-vae') return explainCodebook(latest ?? null);
  if (!latest) {
    return {
      level: 'pending',
      warn: false,
      headline: 'No held-out evaluation yet',
      findings: ['The per-dimension KL, active units and mutual information are measured on held-out data at the end of each epoch.'],
      fixes: [],
    };
  }
  const dims = latest.klPerDim.length;
  const collapsedCount = latest.collapse.collapsedCount;
  const activeCount = dims - collapsedCount;
  const weakLimit = threshold * 10;
  const barelyUsed = latest.klPerDim.filter((value, dimension) => !latest.collapse.collapsed[dimension] && value < weakLimit).length;
  const level = collapseLevel(collapsedCount, dims, barelyUsed);
  const findings: string[] = [];

  if (collapsedCount > 0) {
    findings.push(
      `${collapsedCount} of ${dims} latent dimensions carry < ${fmt(threshold)} nats of KL after epoch ${latest.epoch}: ` +
        `for ${collapsedCount === 1 ? 'it' : 'them'} q(z|x) ≈ N(0, 1) whatever the input, so no information reaches the decoder that way.`,
    );
  } else {
    findings.push(`All ${dims} latent dimensions carry at least ${fmt(threshold)} nats of KL after epoch ${latest.epoch}.`);
  }
  if (barelyUsed > 0) {
    findings.push(
      `${barelyUsed === activeCount ? `All ${activeCount}` : `${barelyUsed} of the ${activeCount}`} remaining dimension${activeCount === 1 ? '' : 's'} carry less than ${fmt(weakLimit)} nats each: barely informative.`,
    );
  }
  if (activeCount > 0) {
    let best = 0;
    latest.klPerDim.forEach((value, dimension) => {
      if (value > (latest.klPerDim[best] ?? -Infinity)) best = dimension;
    });
    findings.push(
      `The ${collapsedCount > 0 ? 'other ' : ''}${activeCount === 1 ? 'dimension carries' : `${activeCount} dimensions carry`} ` +
        `${fmt(latest.collapse.totalKl)} nats in total; the most informative, z${best}, ${fmt(latest.klPerDim[best] ?? Number.NaN)} nats.`,
    );
  }
  const variances = latest.activeUnits.variances;
  findings.push(
    `Active units (the posterior mean μ varies across inputs, Var > 0.01): ${latest.activeUnits.count} of ${dims}; ` +
      `Var(μ) has median ${fmt(median(variances))} and maximum ${fmt(finiteMax(variances))}.`,
  );
  if (latest.mutualInformation !== null) {
    const points = input.config ? Math.min(input.config.eval.latentPoints, latest.heldOutPoints) : null;
    const bound = points ? `; estimated on ${points} held-out points, it cannot exceed log ${points} = ${fmt(Math.log(points))} nats` : '';
    findings.push(`Mutual information I(x; z) ≈ ${fmt(latest.mutualInformation)} nats${bound}.`);
  }
  const first = input.evaluations[0];
  if (first && first !== latest) {
    const before = first.collapse.collapsedCount;
    if (before === collapsedCount && collapsedCount > 0) {
      findings.push(`The collapse set in early: ${collapsedCount} dimensions were already below the threshold after epoch ${first.epoch}.`);
    } else if (before > collapsedCount) {
      findings.push(`Dimensions are coming back: ${before} were collapsed after epoch ${first.epoch}, ${collapsedCount} now.`);
    } else if (before < collapsedCount) {
      findings.push(`The collapse is growing: ${before} dimensions were collapsed after epoch ${first.epoch}, ${collapsedCount} now.`);
    }
  }

  return {
    level,
    warn: level === 'severe' || level === 'total' || level === 'weak',
    headline: headlineFor(level, collapsedCount, dims, barelyUsed, weakLimit),
    findings,
    fixes: level === 'none' ? [] : fixesFor(input.config, { collapsedCount, activeCount, dims, level }, input.stepsPerEpoch),
  };
}

function headlineFor(level: CollapseLevel, collapsed: number, dims: number, barelyUsed: number, weakLimit: number): string {
  switch (level) {
    case 'weak':
      return `Near-total collapse: ${collapsed} of ${dims} dimensions collapsed and ${barelyUsed} more carry < ${fmt(weakLimit)} nats`;
    case 'none':
      return `No posterior collapse: all ${dims} dimensions carry information`;
    case 'partial':
      return `Partial collapse: ${collapsed} of ${dims} dimensions unused (some idle dimensions are normal)`;
    case 'severe':
      return `Posterior collapse: ${collapsed} of ${dims} dimensions collapsed`;
    case 'total':
      return `Total posterior collapse: all ${dims} dimensions collapsed, the decoder ignores z`;
    default:
      return '';
  }
}

interface CollapseCounts {
  collapsedCount: number;
  activeCount: number;
  dims: number;
  level: CollapseLevel;
}

function fixesFor(config: RunConfig | null, counts: CollapseCounts, stepsPerEpoch: number | null): CollapseFix[] {
  if (!config) return [];
  const fixes: CollapseFix[] = [];
  const { objective, model, optim } = config;
  const elbo = objective.kind === 'elbo';

  if (elbo) {
    const schedule = objective.klSchedule;
    if (schedule.kind === 'constant') {
      const warmupEpochs = Math.max(1, Math.min(10, Math.floor(optim.epochs / 3)));
      const steps = stepsPerEpoch ? ` (warmupSteps ≈ ${Math.round(warmupEpochs * stepsPerEpoch)} here)` : '';
      const span = warmupEpochs === 1 ? 'the first epoch' : `the first ${warmupEpochs} epochs`;
      fixes.push({
        id: 'warmup',
        title: 'KL annealing',
        advice:
          `This run uses β = ${fmt(objective.beta)} from the first step with no warm-up, so the full KL price is charged before the decoder has learned to use z. ` +
          `Try a linear warm-up from β = 0 over ${span}${steps}, or a cyclical schedule.`,
      });
    } else if (schedule.kind === 'linear') {
      const epochsOfWarmup = stepsPerEpoch ? ` (about ${fmt(schedule.warmupSteps / stepsPerEpoch)} epochs)` : '';
      fixes.push({
        id: 'warmup',
        title: 'KL annealing',
        advice:
          `β already warms up linearly over ${schedule.warmupSteps} steps${epochsOfWarmup}. ` +
          'A longer warm-up, or a cyclical schedule that returns to β = 0 several times, gives the encoder more chances to become informative.',
      });
    } else {
      fixes.push({
        id: 'warmup',
        title: 'KL annealing',
        advice: `β already cycles every ${schedule.cycleSteps} steps; a longer ramp (rampFraction ${fmt(schedule.rampFraction)} now) keeps β low for longer in each cycle.`,
      });
    }
    fixes.push({
      id: 'free-bits',
      title: 'Free bits',
      advice:
        objective.freeBits === 0
          ? 'Free bits are off. With λ = 0.1–0.5 nats per dimension the objective stops rewarding a dimension for pushing its KL below λ, so dimensions are not squeezed onto the prior.'
          : `Free bits are on at λ = ${fmt(objective.freeBits)} nats per dimension; a larger λ protects more information per dimension.`,
    });
    if (objective.beta >= 1) {
      fixes.push({
        id: 'beta',
        title: 'β < 1',
        advice:
          objective.beta > 1
            ? `β = ${fmt(objective.beta)} charges each nat of KL ${fmt(objective.beta)} times its ELBO price: that is what pushes dimensions onto the prior. β = 1 is the true ELBO; β < 1 (e.g. 0.5) makes information cheaper still.`
            : 'β = 1 is the plain ELBO; β < 1 (e.g. 0.5) makes each nat of KL cheaper, at the cost of a looser bound.',
      });
    }
  }

  const halved = (widths: readonly number[]): number[] => widths.map((width) => Math.max(8, Math.round(width / 2)));
  const decoderNow =
    model.architecture === 'conv'
      ? `The decoder mirrors ${model.hidden.slice(0, -1).join('-')} convolution channels and a ${model.hidden[model.hidden.length - 1] ?? 0}-unit dense layer.`
      : `The decoder has ${plural(model.hidden.length, 'hidden layer')} of ${model.hidden.join('-')} units.`;
  const weaker = model.architecture === 'conv' ? halved(model.hidden) : halved(model.hidden.slice(0, Math.max(1, model.hidden.length - 1)));
  fixes.push({
    id: 'decoder',
    title: 'A weaker decoder',
    advice:
      `${decoderNow} A decoder strong enough to model the data on its own has little reason to read z; ` +
      `fewer or narrower layers (e.g. hidden = [${weaker.join(', ')}]) must rely on the code.`,
  });

  if (counts.level === 'partial' || counts.level === 'weak' || counts.level === 'severe') {
    const suggested = Math.max(2, counts.activeCount);
    fixes.push({
      id: 'latent',
      title: 'A smaller latent',
      advice:
        `Only ${counts.activeCount} of ${counts.dims} dimensions are in use: latentDim = ${suggested} would hold what this run encodes with fewer idle dimensions, ` +
        'which also makes the latent space easier to read. It does not by itself make the code more informative.',
    });
  }
  return fixes;
}

function explainCodebook(latest: EpochEvaluation | null): CollapseReport {
  const base = { level: 'not-applicable' as const, fixes: [] as CollapseFix[] };
  const codebook = latest?.codebook;
  if (!latest || !codebook) {
    return { ...base, warn: false, headline: 'A VQ-VAE has no KL term to collapse', findings: ['Codebook usage is measured on held-out data at the end of each epoch.'] };
  }
  const share = codebook.usedCodes / codebook.codebookSize;
  const findings = [
    `After epoch ${latest.epoch}, ${codebook.usedCodes} of ${codebook.codebookSize} codes are in use; the codebook perplexity ` +
      `(the effective number of codes) is ${fmt(codebook.perplexity)}.`,
  ];
  const fixes: CollapseFix[] =
    share < 0.25
      ? [
          {
            id: 'codebook',
            title: 'Codebook collapse',
            advice: 'Most codes are dead: re-initialise unused codes from encoder outputs, lower the commitment cost, or use a smaller codebook.',
          },
        ]
      : [];
  return { ...base, fixes, warn: share < 0.25, headline: 'A VQ-VAE has no KL term to collapse; its analogue is unused codes', findings };
}
