import { describe, expect, it } from 'vitest';
import { collapseReport } from '../../../src/worker/diagnostics/collapse';

describe('collapseReport', () => {
  // d0: on the prior and uninformative → collapsed. d1: informative. d2: μ constant but σ far from 1
  // (KL large) → inactive, not collapsed. d3: KL tiny but μ still varies → not collapsed.
  const kl = [0.001, 2.5, 0.8, 0.005];
  const variances = [0.0001, 1.2, 0.0002, 0.02];

  it('flags a dimension only when both its KL and its μ variance are below 0.01', () => {
    const report = collapseReport(kl, variances);
    expect(report.collapsed).toEqual([true, false, false, false]);
    expect(report.collapsedCount).toBe(1);
    expect(report.activeCount).toBe(2);
    expect(report.totalKl).toBeCloseTo(3.306, 12);
  });

  it('takes other thresholds', () => {
    const report = collapseReport(kl, variances, { klThreshold: 1, varianceThreshold: 0.05 });
    expect(report.collapsed).toEqual([true, false, true, true]);
    expect(report.activeCount).toBe(1);
  });

  it('names the mismatch when the two arrays disagree in length', () => {
    expect(() => collapseReport([0.1, 0.2], [0.1])).toThrow(/klPerDim has 2 dimensions but variances has 1/);
  });
});
