import { describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../../../../src/shared/experiments/experiment-types';
import type { RunRecord } from '../../../../../src/shared/runs';
import type { EpochEvaluation } from '../../../../../src/shared/training-report';
import { parseRoute, routeHash } from '../../../../../src/renderer/src/lib/route';
import { buildBandsOption } from '../../../../../src/renderer/src/views/experiments/experiment-charts-option';
import { changedFields, EXPERIMENT_METRICS, experimentRows, fieldScatter, replicateBands, sortRows } from '../../../../../src/renderer/src/views/experiments/experiment-data';

function evaluation(epoch: number, mi: number, elbo: number): EpochEvaluation {
  return {
    epoch, step: epoch * 10, split: 'validation', heldOutPoints: 100, elbo, elboStdErr: 1, recon: -elbo - 1, kl: 1, iwae: null, klPerDim: [1],
    posteriorVariance: [0.5], activeUnits: { count: 1, variances: [1], active: [true] }, mutualInformation: mi, verdict: null, trainSubset: null, codebook: null, durationMs: 1,
  };
}
const run = (id: string, status: RunRecord['status'] = 'completed') => ({ id, name: id, status, config: {} }) as RunRecord;

const detail: ExperimentDetail = {
  experiment: {
    id: 'e', name: 'sweep', kind: 'sweep', baseRunId: null, spec: {}, createdAt: 0,
    members: [
      { runId: 'a0', variant: 'objective.beta = 0.5', change: { 'objective.beta': 0.5 }, replicate: 0, isControl: false },
      { runId: 'a1', variant: 'objective.beta = 0.5', change: { 'objective.beta': 0.5 }, replicate: 1, isControl: false },
      { runId: 'b0', variant: 'objective.beta = 4', change: { 'objective.beta': 4 }, replicate: 0, isControl: false },
    ],
  },
  runs: [run('a0'), run('a1'), run('b0', 'running')],
  evaluations: { a0: [evaluation(1, 3, -120), evaluation(2, 5, -110)], a1: [evaluation(1, 5, -124), evaluation(2, 7, -114)], b0: [evaluation(1, 0.5, -140)] },
};

describe('the experiment view’s numbers', () => {
  it('has one row per run with its final validation metrics, sortable', () => {
    const rows = experimentRows(detail);
    expect(rows.map((r) => [r.runId, r.values.mi, r.values.elbo, r.epoch])).toEqual([
      ['a0', 5, -110, 2],
      ['a1', 7, -114, 2],
      ['b0', 0.5, -140, 1],
    ]);
    expect(sortRows(rows, 'mi', 'desc').map((r) => r.runId)).toEqual(['a1', 'a0', 'b0']);
    expect(sortRows(rows, 'elbo', 'asc').map((r) => r.runId)).toEqual(['b0', 'a1', 'a0']);
  });

  it('draws replicates as mean ± sd per epoch', () => {
    const mi = EXPERIMENT_METRICS.find((m) => m.key === 'mi');
    if (!mi) throw new Error('mi metric');
    const [a, b] = replicateBands(detail, mi);
    expect(a).toMatchObject({ variant: 'objective.beta = 0.5', epochs: [1, 2], mean: [4, 6], replicates: 2 });
    expect(a?.sd[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(b).toMatchObject({ epochs: [1], mean: [0.5], sd: [0], replicates: 1 });
    const option = buildBandsOption([a, b].filter((x) => x !== undefined), 'I(x; z), nats');
    // A band is a transparent lower line plus a stacked width 2·sd; one replicate gets a plain line.
    expect((option.series as { name: string }[]).map((s) => s.name)).toEqual(['objective.beta = 0.5 (band)', 'objective.beta = 0.5 (band)', 'objective.beta = 0.5', 'objective.beta = 4']);
  });

  it('plots a varied field against a metric', () => {
    expect(changedFields(detail)).toEqual(['objective.beta']);
    const elbo = EXPERIMENT_METRICS.find((m) => m.key === 'elbo');
    if (!elbo) throw new Error('elbo metric');
    const { points, categories } = fieldScatter(detail, 'objective.beta', elbo);
    expect(categories).toBeNull();
    expect(points.map((p) => [p.x, p.y])).toEqual([
      [0.5, -110],
      [0.5, -114],
      [4, -140],
    ]);
  });

  it('routes to experiments and adopts a run at a chosen length', () => {
    expect(parseRoute('#/experiments')).toEqual({ view: 'experiments' });
    expect(parseRoute('#/experiment/abc')).toEqual({ view: 'experiment', id: 'abc' });
    expect(parseRoute('#/new?from=r1&epochs=10')).toEqual({ view: 'new', from: 'r1', epochs: 10 });
    expect(routeHash({ view: 'new', from: 'r1', epochs: 10 })).toBe('#/new?from=r1&epochs=10');
    expect(routeHash({ view: 'experiment', id: 'abc' })).toBe('#/experiment/abc');
  });
});
