/**
 * The run CSV/JSON exports carry the per-epoch evaluation arrays (KL per dimension included), so a
 * KL figure can be rebuilt from an export; the compare view's CSV holds every compared run.
 */
import { describe, expect, it } from 'vitest';
import { freshStore } from '../store-fixtures';
import { EPOCHS, klOf, LATENT_DIMS, seedFigureRuns } from '../../figures/figure-fixtures';

function rows(csv: string): string[][] {
  return csv.trim().split('\n').map((line) => line.split(','));
}

describe('per-epoch evaluation arrays in exports', () => {
  it('writes KL per dimension into the run CSV, one key per dimension, one row per epoch', () => {
    const store = freshStore();
    const [run] = seedFigureRuns(store);
    const csv = rows(store.exportMetricsCsv(run?.id ?? ''));
    expect(csv[0]).toEqual(['run', 'key', 'step', 'epoch', 'time', 'value']);
    for (let d = 0; d < LATENT_DIMS; d++) {
      const dimension = csv.filter((row) => row[1] === `eval/kl_per_dim/${d}`);
      expect(dimension.map((row) => Number(row[3]))).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      expect(dimension.map((row) => Number(row[5]))).toEqual(Array.from({ length: EPOCHS }, (_, i) => klOf(0, d, i + 1)));
    }
    expect(csv.some((row) => row[1] === 'eval/elbo')).toBe(true);
  });

  it('keeps each evaluation whole in the run JSON', () => {
    const store = freshStore();
    const [run] = seedFigureRuns(store);
    const json = store.exportRunJson(run?.id ?? '');
    expect(json.evaluations).toHaveLength(EPOCHS);
    expect((json.evaluations?.at(-1) as { klPerDim: number[] }).klPerDim).toEqual(Array.from({ length: LATENT_DIMS }, (_, d) => klOf(0, d, EPOCHS)));
  });

  it('puts every compared run into one CSV with one header', () => {
    const store = freshStore();
    const runs = seedFigureRuns(store);
    const csv = rows(store.exportComparisonCsv(runs.map((run) => run.id)));
    expect(csv.filter((row) => row[0] === 'run')).toHaveLength(1);
    expect(new Set(csv.slice(1).map((row) => row[0]))).toEqual(new Set(runs.map((run) => run.id)));
    for (const run of runs) expect(csv.filter((row) => row[0] === run.id && row[1] === 'eval/kl_per_dim/0')).toHaveLength(EPOCHS);
  });
});
