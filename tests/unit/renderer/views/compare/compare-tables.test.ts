import { describe, expect, it } from 'vitest';
import type { MetricComparison, MetricStats } from '../../../../../src/shared/runs';
import { bestRunIndex, formatConfigValue, orderMetrics } from '../../../../../src/renderer/src/views/compare/compare-tables';

const stats = (last: number): MetricStats => ({ count: 1, nanCount: 0, lastStep: 1, last, best: last, min: last, max: last });
const metric = (key: string, direction: 'min' | 'max', lasts: (number | null)[]): MetricComparison => ({
  key,
  direction,
  runs: lasts.map((last) => (last === null ? null : stats(last))),
});

describe('compare tables', () => {
  it('finds the best run by the metric’s direction, skipping missing and NaN', () => {
    expect(bestRunIndex(metric('train/loss', 'min', [120, 98.5, null]))).toBe(1);
    expect(bestRunIndex(metric('eval/elbo', 'max', [-120, Number.NaN, -98.5]))).toBe(2);
    expect(bestRunIndex(metric('eval/active_units', 'max', [5, 5]))).toBeNull();
    expect(bestRunIndex(metric('eval/nll', 'min', [null, null]))).toBeNull();
    // A lower KL is no better a model, and throughput is better higher whatever the host's name rule says.
    expect(bestRunIndex(metric('eval/kl', 'min', [0.9, 5.4]))).toBeNull();
    expect(bestRunIndex(metric('train/samples_per_sec', 'min', [183, 430]))).toBe(1);
  });

  it('formats config values and orders metrics curated-first', () => {
    expect(formatConfigValue(4, true)).toBe('4');
    expect(formatConfigValue('linear', true)).toBe('linear');
    expect(formatConfigValue(null, true)).toBe('null');
    expect(formatConfigValue([512, 512], true)).toBe('[512,512]');
    expect(formatConfigValue(null, false)).toBe('—');
    const ordered = orderMetrics([metric('zeta/x', 'min', []), metric('eval/elbo', 'max', []), metric('train/loss', 'min', []), metric('alpha/y', 'min', [])]);
    expect(ordered.map((m) => m.key)).toEqual(['train/loss', 'eval/elbo', 'alpha/y', 'zeta/x']);
  });
});
