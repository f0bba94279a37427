/** compareRuns: config differences as dotted paths, and per-metric last/best/min/max with the direction rule. */
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../../../../src/main/core/store/compare/config-diff';
import { METRIC_CATALOGUE, metricDirection } from '../../../../../../src/shared/metric-keys';
import type { MetricPoint } from '../../../../../../src/shared/runs';
import { freshStore, sampleRun } from '../store-fixtures';

const points = (key: string, values: number[]): MetricPoint[] =>
  values.map((value, step) => ({ key, step: step * 10, epoch: step, wallTime: step, value }));

describe('config diff', () => {
  it('reports only differing or missing paths, arrays by index, odd keys quoted', () => {
    const a = { model: { hidden: [400, 200], latentDim: 20, kind: 'mlp' }, beta: 1, extra: { 'odd key': true }, same: [] };
    const b = { model: { hidden: [400], latentDim: 32, kind: 'mlp' }, beta: 1, warmup: { epochs: 10 }, same: [] };
    expect(diffConfigs([a, b])).toEqual([
      { path: 'extra["odd key"]', values: [true, null], present: [true, false] },
      { path: 'model.hidden[1]', values: [200, null], present: [true, false] },
      { path: 'model.latentDim', values: [20, 32], present: [true, true] },
      { path: 'warmup.epochs', values: [null, 10], present: [false, true] },
    ]);
    expect(diffConfigs([a, structuredClone(a)])).toEqual([]);
    expect(diffConfigs([{ x: null }, { x: 0 }])).toEqual([{ path: 'x', values: [null, 0], present: [true, true] }]);
  });
});

describe('compareRuns', () => {
  it('lines up runs, config differences and every metric key', () => {
    const store = freshStore();
    const a = store.createRun(sampleRun({ name: 'a', config: { beta: 1, latentDim: 20 } }));
    const b = store.createRun(sampleRun({ name: 'b', config: { beta: 4, latentDim: 20 } }));
    store.appendMetrics(a.id, [...points('train/loss', [5, 3, 4, 2.5, 2.7]), ...points('eval/elbo', [-120, -110, -112])]);
    store.appendMetrics(b.id, [...points('train/loss', [6, Number.NaN, 1, Number.NaN]), ...points('eval/only_b', [Number.NaN, Number.NaN])]);

    const comparison = store.compareRuns([b.id, a.id]);
    expect(comparison.runs.map((run) => run.name)).toEqual(['b', 'a']);
    expect(comparison.configDiff).toEqual([{ path: 'beta', values: [4, 1], present: [true, true] }]);
    expect(comparison.metrics).toEqual([
      {
        key: 'eval/elbo',
        direction: 'max',
        runs: [null, { count: 3, nanCount: 0, lastStep: 20, last: -112, best: -110, min: -120, max: -110 }],
      },
      {
        key: 'eval/only_b',
        direction: 'min',
        runs: [{ count: 2, nanCount: 2, lastStep: 10, last: Number.NaN, best: Number.NaN, min: Number.NaN, max: Number.NaN }, null],
      },
      {
        key: 'train/loss',
        direction: 'min',
        runs: [
          { count: 4, nanCount: 2, lastStep: 30, last: Number.NaN, best: 1, min: 1, max: 6 },
          { count: 5, nanCount: 0, lastStep: 40, last: 2.7, best: 2.5, min: 2.5, max: 5 },
        ],
      },
    ]);
    expect(() => store.compareRuns([a.id, 'missing'])).toThrow(/run missing not found/);
    expect(() => store.compareRuns([a.id, a.id])).toThrow(/same run id twice/);
    expect(() => store.compareRuns([])).toThrow(/1\.\.50 run ids/);
  });

  it('takes each metric’s direction from the catalogue, a key outside it as a loss', () => {
    expect(metricDirection('eval/elbo')).toBe('max');
    expect(metricDirection('eval/iwae_bound')).toBe('max');
    expect(metricDirection('eval/active_units')).toBe('max');
    expect(metricDirection('train/samples_per_sec')).toBe('max');
    expect(metricDirection('train/loss')).toBe('min');
    expect(metricDirection('eval/nll')).toBe('min');
    // Neither end of the KL or of β is better: no run is marked best on them.
    expect(metricDirection('train/kl')).toBeNull();
    expect(metricDirection('train/beta')).toBeNull();
    expect(metricDirection('elbo_gap')).toBe('min');
    for (const metric of METRIC_CATALOGUE) expect(metricDirection(metric.key)).toBe(metric.direction);
  });

  it('takes the best as the max for a higher-is-better metric, else the min', () => {
    const store = freshStore();
    const run = store.createRun(sampleRun({ name: 'a' }));
    store.appendMetrics(run.id, [...points('eval/iwae_bound', [-100, -90, -95]), ...points('train/kl', [3, 1, 2])]);
    const [iwae, kl] = store.compareRuns([run.id]).metrics;
    expect(iwae).toMatchObject({ key: 'eval/iwae_bound', direction: 'max', runs: [{ best: -90 }] });
    expect(kl).toMatchObject({ key: 'train/kl', direction: null, runs: [{ best: 1 }] });
  });
});
