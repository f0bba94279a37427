/**
 * Is the code informative? Posterior collapse is the code carrying (almost) no information about x
 * (He et al. 2019): the mutual information I_q(x; z) near zero. Counting quiet dimensions is a
 * different question: a healthy VAE with a large latent space leaves many dimensions unused
 * (Burda et al. 2015 report well under all 50 active on MNIST), which is pruning, not failure.
 * So two views with their own levels:
 * - the code: 'collapsed' when I(x; z) < 0.1 nat; 'weak' when I(x; z) is below half of the
 *   estimator's ceiling ln N (the code tells apart fewer than about √N of the N evaluated images);
 *   otherwise 'informative';
 * - the dimensions: active in Burda et al.'s sense, Var_x(E_q[z_d | x]) > 0.01; the rest are
 *   "unused (pruned)". The 0.01 is on that variance, not on KL.
 * Free bits can hold the KL above zero while the code says nothing about x; the verdict follows
 * the information, so that case reads as collapse, with the KL paid in vain shown as marginal KL.
 */

/** Below this many nats of I(x; z) the code is collapsed. */
export const COLLAPSED_MI_NATS = 0.1;
/** Below this share of ln N the code is weak. */
export const WEAK_MI_SHARE_OF_CAP = 0.5;
/** Burda et al.'s activity threshold on Var_x(μ_d). */
export const ACTIVE_UNIT_VARIANCE = 0.01;

export type CodeLevel = 'collapsed' | 'weak' | 'informative';

export interface CollapseVerdict {
  level: CodeLevel;
  /** I_q(x; z) in nats (He et al.'s estimator). */
  mutualInformation: number;
  /** ln N: the most the estimator can report with N points. */
  mutualInformationCap: number;
  /** Points the MI was estimated on. */
  points: number;
  /** E_x KL(q(z|x) ‖ p(z)), nats, on the same points. */
  totalKl: number;
  /** KL(q(z) ‖ p(z)) = E_x KL − I(x; z): KL that buys no information (over-estimated when the MI hits its cap). */
  marginalKl: number;
  dims: number;
  activeUnits: number;
  /** Dimensions with Var_x(μ_d) ≤ 0.01: unused (pruned), not by themselves a failure. */
  unused: boolean[];
  unusedCount: number;
}

export interface VerdictInput {
  mutualInformation: number;
  points: number;
  totalKl: number;
  /** Var_x(μ_d) per dimension. */
  variances: readonly number[];
}

export function collapseVerdict(input: VerdictInput): CollapseVerdict {
  const { mutualInformation, points, totalKl, variances } = input;
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`collapseVerdict: needs at least 2 points, got ${points}`);
  const cap = Math.log(points);
  const level: CodeLevel = mutualInformation < COLLAPSED_MI_NATS ? 'collapsed' : mutualInformation < WEAK_MI_SHARE_OF_CAP * cap ? 'weak' : 'informative';
  const unused = variances.map((v) => !(v > ACTIVE_UNIT_VARIANCE));
  const unusedCount = unused.filter(Boolean).length;
  return {
    level,
    mutualInformation,
    mutualInformationCap: cap,
    points,
    totalKl,
    marginalKl: Math.max(0, totalKl - mutualInformation),
    dims: variances.length,
    activeUnits: variances.length - unusedCount,
    unused,
    unusedCount,
  };
}
