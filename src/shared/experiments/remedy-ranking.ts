/**
 * Ranks the doctor's remedies by what collapse destroys: the validation mutual information I(x; z)
 * first, then active units, then how many dimensions carry KL (> 0.1 nat), each averaged over
 * replicates, with the ELBO beside them. A remedy that buys information with a much worse ELBO is
 * marked; the winner is the best remedy that carries clearly more information than the control.
 */
import type { EpochEvaluation } from '../training-report';

/** A remedy must beat the control's I(x; z) by this much (nats) to win. */
export const WIN_MARGIN_NATS = 0.1;
/** An ELBO this many nats below the control's counts as "much worse". */
export const ELBO_COST_NATS = 5;

export interface RankingEntry {
  variant: string;
  isControl: boolean;
  runId: string;
  /** The run's last validation evaluation, or null while it has none. */
  evaluation: EpochEvaluation | null;
}

export interface RankedVariant {
  variant: string;
  isControl: boolean;
  runIds: string[];
  /** Replicates with an evaluation. */
  evaluated: number;
  mutualInformation: number | null;
  activeUnits: number | null;
  informativeDims: number | null;
  elbo: number | null;
  /** ELBO minus the control's (negative: worse). */
  elboVsControl: number | null;
  costlyElbo: boolean;
}

export interface Ranking {
  variants: RankedVariant[];
  winner: RankedVariant | null;
  /** One sentence naming the winner with its numbers, or why there is none (yet). */
  verdict: string;
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const fmt = (value: number | null, digits = 2) => (value === null ? '—' : value.toFixed(digits));

export function rankRemedies(entries: readonly RankingEntry[]): Ranking {
  const groups = new Map<string, RankingEntry[]>();
  for (const entry of entries) groups.set(entry.variant, [...(groups.get(entry.variant) ?? []), entry]);
  const variants: RankedVariant[] = [...groups.entries()].map(([variant, members]) => {
    const evaluations = members.flatMap((m) => (m.evaluation ? [m.evaluation] : []));
    return {
      variant,
      isControl: members.some((m) => m.isControl),
      runIds: members.map((m) => m.runId),
      evaluated: evaluations.length,
      mutualInformation: mean(evaluations.flatMap((e) => (e.mutualInformation === null ? [] : [e.mutualInformation]))),
      activeUnits: mean(evaluations.map((e) => e.activeUnits.count)),
      informativeDims: mean(evaluations.map((e) => e.klPerDim.filter((kl) => kl > 0.1).length)),
      elbo: mean(evaluations.map((e) => e.elbo)),
      elboVsControl: null,
      costlyElbo: false,
    };
  });
  const control = variants.find((v) => v.isControl) ?? null;
  for (const v of variants) {
    if (control?.elbo != null && v.elbo !== null) {
      v.elboVsControl = v.elbo - control.elbo;
      v.costlyElbo = !v.isControl && v.elboVsControl < -ELBO_COST_NATS;
    }
  }
  const score = (v: RankedVariant) => [v.mutualInformation ?? -Infinity, v.activeUnits ?? -Infinity, v.informativeDims ?? -Infinity, v.elbo ?? -Infinity];
  variants.sort((a, b) => {
    const [sa, sb] = [score(a), score(b)];
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return (sb[i] as number) - (sa[i] as number);
    return a.variant.localeCompare(b.variant);
  });
  const pending = variants.filter((v) => v.evaluated === 0).length;
  const controlMi = control?.mutualInformation ?? null;
  const winner = controlMi === null ? null : (variants.find((v) => !v.isControl && v.mutualInformation !== null && v.mutualInformation >= controlMi + WIN_MARGIN_NATS) ?? null);
  let verdict: string;
  if (controlMi === null) verdict = 'Waiting for the control’s first validation evaluation.';
  else if (!winner) verdict = pending > 0 ? `No remedy beats the control yet (${pending} still without an evaluation).` : `No remedy restored information: none beats the control’s I(x; z) = ${fmt(controlMi)} nats by ${WIN_MARGIN_NATS} nat.`;
  else {
    verdict =
      `${winner.variant} restores the most information: I(x; z) = ${fmt(winner.mutualInformation)} nats against ${fmt(controlMi)} for the control, ` +
      `${fmt(winner.activeUnits, 1)} active units against ${fmt(control?.activeUnits ?? null, 1)}, ELBO ${fmt(winner.elbo)} against ${fmt(control?.elbo ?? null)}` +
      (winner.costlyElbo ? ` — it buys that information with an ELBO ${fmt(-(winner.elboVsControl ?? 0))} nats worse.` : '.');
  }
  return { variants, winner, verdict };
}
