/**
 * TensorBoard's debiased exponential moving average (the renderer's smoothing.ts has the long
 * story): non-finite values pass through and do not feed the average. Figures smooth only when
 * the spec asks, and then say so on the panel.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  let last = 0;
  let weightPower = 1;
  return values.map((value) => {
    if (!Number.isFinite(value) || weight === 0) return value;
    last = last * weight + (1 - weight) * value;
    weightPower *= weight;
    return last / (1 - weightPower);
  });
}
