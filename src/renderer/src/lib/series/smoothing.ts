/**
 * TensorBoard's scalar smoothing: a first-order IIR low-pass filter (an exponential moving average)
 * started at 0 and debiased by 1 − w^n, where n counts the finite points seen so far. This is the
 * algorithm of TensorBoard's `classicSmoothing` (tensorboard/webapp/widgets/line_chart_v2), kept
 * point for point so that a curve here and in TensorBoard look the same for the same weight:
 *
 * - Non-finite values (NaN, ±Infinity: a run that diverged) pass through unchanged and neither feed
 *   nor advance the average, so one NaN does not poison the rest of the curve.
 * - A constant series is returned as is (TensorBoard #786: floating-point debiasing would otherwise
 *   wobble a flat line).
 * - Points are weighted by index, not by step distance: TensorBoard ignores irregular step spacing,
 *   and so do we. With the host's downsampled buckets that means one bucket counts as one point.
 *
 * One deliberate difference: TensorBoard clamps a bad weight into [0, 1]; here a weight outside
 * [0, 1) is a programming error and throws, because w = 1 would flatten every curve to 0.
 */
export function smoothTensorBoard(values: ArrayLike<number>, weight: number): Float64Array {
  if (!Number.isFinite(weight) || weight < 0 || weight >= 1) {
    throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  }
  const count = values.length;
  const result = new Float64Array(count);
  const first = count > 0 ? values[0] : undefined;
  let isConstant = true;
  for (let i = 0; i < count; i++) {
    const value = values[i] as number;
    result[i] = value;
    // `!==` rather than TensorBoard's `==`: same answer for numbers, and NaN is never "constant".
    if (value !== first) isConstant = false;
  }
  if (isConstant || weight === 0) return result;

  let last = 0;
  // w^n for the n finite points seen so far, kept as a running product: Math.pow per point costs
  // more than the rest of the loop, and the two agree to within a few ulp.
  let weightPower = 1;
  for (let i = 0; i < count; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    last = last * weight + (1 - weight) * value;
    weightPower *= weight;
    // Started at 0, the average after n equal values c is c·(1 − w^n); dividing removes that bias.
    result[i] = last / (1 - weightPower);
  }
  return result;
}
