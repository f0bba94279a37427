export interface CollapseThresholds {
  /** Nats; a dimension's mean KL below this counts as "on the prior". */
  klThreshold?: number;
  /** A dimension's Var_x(μ_d) below this counts as "carries nothing about x" (Burda et al.'s 0.01). */
  varianceThreshold?: number;
}

export interface CollapseReport {
  collapsed: boolean[];
  collapsedCount: number;
  /** Active units in Burda et al.'s sense: Var_x(μ_d) above varianceThreshold. */
  activeCount: number;
  /** Σ_d KL_d, nats. */
  totalKl: number;
}

/**
 * Flags posterior collapse per latent dimension: q(z_d | x) ≈ p(z_d) for every x, so the decoder
 * cannot read anything about x from z_d. A dimension is collapsed when its mean KL < 0.01 nats AND
 * its μ variance over the data < 0.01. Each signal alone misleads:
 * - A low μ variance alone also fits an encoder that pins z_d to a constant with a posterior
 *   variance far from 1: the unit is inactive, but its KL is large, so it still costs nats and has
 *   not fallen onto the prior — a different pathology, worth seeing separately.
 * - A low KL alone is a batch average from the training loss, while the μ variance comes from the
 *   evaluation pass; requiring both keeps a noisy or stale estimate of one from flagging a dimension
 *   the other still sees carrying information (KL ≥ ½ Var_x(μ_d) only loosely ties them near 0.01).
 * klPerDim and variances are per dimension and must be the same length.
 */
export function collapseReport(klPerDim: number[], variances: number[], opts: CollapseThresholds = {}): CollapseReport {
  const klThreshold = opts.klThreshold ?? 0.01;
  const varianceThreshold = opts.varianceThreshold ?? 0.01;
  if (klPerDim.length !== variances.length) {
    throw new RangeError(`collapseReport: klPerDim has ${klPerDim.length} dimensions but variances has ${variances.length}`);
  }
  const collapsed = klPerDim.map((kl, d) => kl < klThreshold && (variances[d] ?? 0) < varianceThreshold);
  return {
    collapsed,
    collapsedCount: collapsed.filter(Boolean).length,
    activeCount: variances.filter((v) => v > varianceThreshold).length,
    totalKl: klPerDim.reduce((sum, kl) => sum + kl, 0),
  };
}
