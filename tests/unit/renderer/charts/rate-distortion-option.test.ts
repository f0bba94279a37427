import { describe, expect, it } from 'vitest';
import { betaLine, buildRateDistortionOption } from '../../../../src/renderer/src/charts/rate-distortion-option';

describe('the rate–distortion plane', () => {
  it('draws the β-line D + βR = c through the last point, down to the rate axis or its end', () => {
    const line = betaLine({ epoch: 3, rate: 4, distortion: 100 }, 8, 50);
    // c = 100 + 8·4 = 132; the line reaches D = 0 at R = 16.5, inside the axis.
    expect(line).toEqual([
      [0, 132],
      [16.5, 0],
    ]);
    for (const [rate, distortion] of line) expect(distortion + 8 * rate).toBeCloseTo(132, 12);
    expect(betaLine({ epoch: 1, rate: 25, distortion: 80 }, 1, 30)[1]).toEqual([30, 75]);
  });

  it('plots each run as a path in (KL, reconstruction) with its β-line, axes named with their units', () => {
    const option = buildRateDistortionOption([
      { name: 'a', beta: 1, split: 'validation', points: [{ epoch: 1, rate: 20, distortion: 110 }, { epoch: 2, rate: 25, distortion: 95 }] },
      { name: 'b', beta: 8, split: 'validation', points: [{ epoch: 1, rate: 2, distortion: 160 }] },
    ]);
    const series = option.series as { name: string; data: unknown[] }[];
    expect(series.map((s) => s.name)).toEqual(['a', 'a: β = 1 line', 'b', 'b: β = 8 line']);
    expect(series[0]?.data).toEqual([
      { value: [20, 110], epoch: 1 },
      { value: [25, 95], epoch: 2 },
    ]);
    expect((option.xAxis as { name: string }).name).toBe('Rate: KL, nats (validation)');
    expect((option.yAxis as { name: string }).name).toBe('Distortion: −E log p(x|z), nats');
  });
});
