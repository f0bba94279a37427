/** Numbers and the stated cost for the gradient lab's view. Pure. */

export function formatStat(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e4 || magnitude < 1e-2) ? value.toExponential(2) : value.toFixed(3);
}

/** What a lab will cost, in decoder rows with a backward pass, before it is started. */
export function labCost(samples: readonly number[], replicates: number, points: number): string {
  if (samples.length === 0) return '';
  const perEstimator = samples.reduce((sum, l) => sum + l * points, 0) * replicates;
  // Three estimators; the baseline adds one decoder row per point and estimate.
  const rows = 3 * perEstimator + samples.length * replicates * points;
  return `Cost: ${(3 * samples.length * replicates).toLocaleString('en-US')} gradient estimates, ${rows.toLocaleString('en-US')} decoder rows in all, in a worker of its own.`;
}
