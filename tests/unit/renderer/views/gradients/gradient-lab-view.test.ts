/** The gradient lab view's pure parts: the plot's series and the stated cost. */
import { describe, expect, it } from 'vitest';
import { GRADIENT_ESTIMATORS, snrNoiseFloor, type GradientGroupStats, type GradientLabResult } from '../../../../../src/shared/gradient-lab';
import { buildGradientLabOption, TOTAL_GROUP } from '../../../../../src/renderer/src/charts/gradient-lab-option';
import { formatStat, labCost } from '../../../../../src/renderer/src/views/gradients/gradient-lab-format';

const stats = (group: string, variance: number, snr: number): GradientGroupStats => ({ group, size: 10, variance, snr, snrMedian: snr, meanNorm: 1 });

function result(): GradientLabResult {
  const samples = [1, 4, 16];
  return {
    runId: 'r',
    epoch: 1,
    step: 10,
    split: 'validation',
    points: 8,
    replicates: 32,
    samples,
    backend: 'cpu',
    groups: [{ name: 'encoder/dense0', size: 10 }],
    seconds: 1,
    rows: GRADIENT_ESTIMATORS.flatMap((estimator, e) =>
      samples.map((l) => ({
        estimator,
        samples: l,
        msPerEstimate: l,
        decoderRowsPerEstimate: 8 * l,
        groups: [stats('encoder/dense0', (10 ** e) / l, 0.5 * Math.sqrt(l))],
        total: stats(TOTAL_GROUP, (2 * 10 ** e) / l, Math.sqrt(l)),
      })),
    ),
  };
}

describe('gradient lab view', () => {
  it('plots each estimator against L with a 1/L reference through its first point, on log axes', () => {
    const option = buildGradientLabOption(result(), 'encoder/dense0', 'variance') as { series: { name: string; data: [number, number][] }[]; xAxis: { type: string }; yAxis: { type: string } };
    expect(option.xAxis.type).toBe('log');
    expect(option.yAxis.type).toBe('log');
    const reparam = option.series.find((s) => s.name === 'Reparameterization');
    expect(reparam?.data).toEqual([
      [1, 1],
      [4, 0.25],
      [16, 1 / 16],
    ]);
    expect(option.series.find((s) => s.name === 'Score function: 1/L')?.data).toEqual([
      [1, 10],
      [16, 10 / 16],
    ]);
    const snr = buildGradientLabOption(result(), TOTAL_GROUP, 'snr') as { series: { name: string; data: [number, number][] }[] };
    expect(snr.series.find((s) => s.name === 'Reparameterization')?.data.map((p) => p[1])).toEqual([1, 2, 4]);
    expect(snr.series.find((s) => s.name.startsWith('no-signal floor'))?.data[0]?.[1]).toBeCloseTo(snrNoiseFloor(32), 12);
  });

  it('states the cost before a lab starts, and formats small and large numbers readably', () => {
    // 3 estimators × (1 + 4) · 8 rows × 2 replicates, plus the baseline's 8 rows per estimate (2 Ls × 2).
    expect(labCost([1, 4], 2, 8)).toBe('Cost: 12 gradient estimates, 272 decoder rows in all, in a worker of its own.');
    expect(formatStat(5.92e-4)).toBe('5.92e-4');
    expect(formatStat(8.024)).toBe('8.024');
    expect(formatStat(Number.NaN)).toBe('—');
    expect(formatStat(undefined)).toBe('—');
  });
});
