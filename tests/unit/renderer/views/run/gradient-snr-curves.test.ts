/** The run view's gradient SNR chart: one series per group that has points, and a title that says what was measured. */
import { describe, expect, it } from 'vitest';
import { TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import type { SeriesBucket } from '../../../../../src/shared/metric-series';
import { gradientSnrCurves, gradientSnrTitle } from '../../../../../src/renderer/src/views/run/gradient-snr-curves';

const bucket = (step: number, value: number): SeriesBucket => ({ step, stepEnd: step, epoch: 0, wallTime: step, count: 1, nanCount: 0, min: value, max: value, last: value });

describe('gradient SNR curves', () => {
  it('draws the groups that have points, the whole encoder first, and nothing for a run without the metric', () => {
    const series = {
      [TRAIN_KEYS.gradientSnrHeadMu]: [bucket(0, 0.9)],
      [TRAIN_KEYS.gradientSnr]: [bucket(0, 0.5), bucket(100, 0.3)],
      [TRAIN_KEYS.gradientSnrBody]: [],
      [TRAIN_KEYS.loss]: [bucket(0, 500)],
    };
    const curves = gradientSnrCurves(series);
    expect(curves.map((curve) => [curve.id, curve.name])).toEqual([
      [TRAIN_KEYS.gradientSnr, 'Encoder'],
      [TRAIN_KEYS.gradientSnrHeadMu, 'Head μ'],
    ]);
    // The dashboard's own buckets, not copies (the chart merges appended buckets incrementally).
    expect(curves[0]?.buckets).toBe(series[TRAIN_KEYS.gradientSnr]);
    expect(gradientSnrCurves({ [TRAIN_KEYS.loss]: [bucket(0, 500)] })).toEqual([]);
  });

  it('names the estimator, the data, L and R', () => {
    expect(gradientSnrTitle(8)).toBe('Gradient SNR |mean| / sd, encoder, training batch, L = 1 sample, R = 8 estimates');
  });
});
