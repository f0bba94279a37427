import { describe, expect, it } from 'vitest';
import { metricDirection } from '../../../../../src/shared/metric-keys';
import type { MetricComparison, MetricStats } from '../../../../../src/shared/runs';
import { bestRunIndex, COMPARE_METRICS, formatConfigValue, orderMetrics } from '../../../../../src/renderer/src/views/compare/compare-tables';

const stats = (last: number): MetricStats => ({ count: 1, nanCount: 0, lastStep: 1, last, best: last, min: last, max: last });
/** A metric as compareRuns sends it: its direction is the catalogue's. */
const metric = (key: string, lasts: (number | null)[]): MetricComparison => ({
  key,
  direction: metricDirection(key),
  runs: lasts.map((last) => (last === null ? null : stats(last))),
});

describe('compare tables', () => {
  it('finds the best run by the metric’s direction, skipping missing and NaN', () => {
    expect(bestRunIndex(metric('train/loss', [120, 98.5, null]))).toBe(1);
    expect(bestRunIndex(metric('eval/elbo', [-120, Number.NaN, -98.5]))).toBe(2);
    expect(bestRunIndex(metric('eval/active_units', [5, 5]))).toBeNull();
    expect(bestRunIndex(metric('eval/nll', [null, null]))).toBeNull();
    // A lower KL is no better a model; throughput and the IWAE bound are better higher.
    expect(bestRunIndex(metric('eval/kl', [0.9, 5.4]))).toBeNull();
    expect(bestRunIndex(metric('train/samples_per_sec', [183, 430]))).toBe(1);
    expect(bestRunIndex(metric('eval/iwae_bound', [-99, -97]))).toBe(1);
    for (const key of ['train/beta', 'train/lr', 'train/grad_norm', 'eval/unused_dims', 'eval/generalization_gap']) expect(bestRunIndex(metric(key, [1, 2]))).toBeNull();
  });

  it('offers the curated metrics in the order the menu has always listed them (new ones may join)', () => {
    const curated = [
      'train/loss',
      'train/recon',
      'train/kl',
      'train/beta',
      'eval/elbo',
      'eval/nll',
      'eval/iwae_bound',
      'eval/kl',
      'eval/active_units',
      'eval/mutual_information',
      'eval/marginal_kl',
      'eval/generalization_gap',
    ];
    const offered = COMPARE_METRICS.map((m) => m.key);
    expect(offered.filter((key) => curated.includes(key))).toEqual(curated);
  });

  it('formats config values and orders metrics curated-first', () => {
    expect(formatConfigValue(4, true)).toBe('4');
    expect(formatConfigValue('linear', true)).toBe('linear');
    expect(formatConfigValue(null, true)).toBe('null');
    expect(formatConfigValue([512, 512], true)).toBe('[512,512]');
    expect(formatConfigValue(null, false)).toBe('—');
    const ordered = orderMetrics([metric('zeta/x', []), metric('eval/elbo', []), metric('train/loss', []), metric('alpha/y', [])]);
    expect(ordered.map((m) => m.key)).toEqual(['train/loss', 'eval/elbo', 'alpha/y', 'zeta/x']);
  });
});
