import { describe, expect, it } from 'vitest';
import type { MetricPoint, SeriesBucket } from '../../../../src/shared/metric-series';
import type { EpochEvaluation } from '../../../../src/shared/training-report';
import { lastFinite, mergeLivePoints, REFETCH_BUCKET_LIMIT } from '../../../../src/renderer/src/lib/live-series';

const bucket = (step: number, stepEnd: number, last: number): SeriesBucket => ({
  step,
  stepEnd,
  epoch: 0,
  wallTime: 1_700_000_000_000 + step,
  min: last,
  max: last,
  last,
  count: stepEnd - step + 1,
  nanCount: 0,
});
const point = (key: string, step: number, value: number): MetricPoint => ({ key, step, epoch: 0, wallTime: 1_700_000_000_000 + step, value });
const keys = new Set(['train/loss', 'train/kl']);

describe('merging live metric points into downsampled history', () => {
  it('appends new steps as single-point buckets without touching the inputs', () => {
    const history = { 'train/loss': [bucket(0, 9, 5), bucket(10, 19, 4)], 'train/kl': [bucket(0, 19, 1)] };
    const frozen = JSON.stringify(history);
    const result = mergeLivePoints(history, [point('train/loss', 20, 3.5), point('train/loss', 21, Number.NaN), point('other', 22, 1)], keys);
    expect(JSON.stringify(history)).toBe(frozen);
    expect(result.changed).toEqual(['train/loss']);
    expect(result.needsRefetch).toBe(false);
    const loss = result.series['train/loss'] ?? [];
    expect(loss.map((b) => [b.step, b.stepEnd, b.count])).toEqual([[0, 9, 10], [10, 19, 10], [20, 20, 1], [21, 21, 1]]);
    expect(loss[3]?.nanCount).toBe(1);
    // Unchanged series keep their identity, so charts that read them do not redraw.
    expect(result.series['train/kl']).toBe(history['train/kl']);
    expect(result.series['other']).toBeUndefined();
  });

  it('starts a series the history did not have', () => {
    const result = mergeLivePoints({}, [point('train/kl', 0, 2), point('train/kl', 1, 1.5)], keys);
    expect(result.series['train/kl']?.map((b) => b.last)).toEqual([2, 1.5]);
  });

  it('asks for a refetch when a live point goes back in steps, but not for overlap while loading', () => {
    const history = { 'train/loss': [bucket(0, 49, 5)] };
    const live = mergeLivePoints(history, [point('train/loss', 30, 4)], keys);
    expect(live.needsRefetch).toBe(true);
    expect(live.series['train/loss']).toHaveLength(1);
    const initial = mergeLivePoints(history, [point('train/loss', 30, 4), point('train/loss', 50, 3)], keys, { initial: true });
    expect(initial.needsRefetch).toBe(false);
    expect(initial.series['train/loss']?.map((b) => b.step)).toEqual([0, 50]);
  });

  it('asks for a refetch once a series outgrows the bucket limit', () => {
    const history = { 'train/loss': Array.from({ length: REFETCH_BUCKET_LIMIT }, (_, step) => bucket(step, step, 1)) };
    expect(mergeLivePoints(history, [point('train/loss', REFETCH_BUCKET_LIMIT, 1)], keys).needsRefetch).toBe(true);
  });

  it('keeps the history’s bucket objects in a grown series (charts recognise an append by them)', () => {
    const history = { 'train/loss': [bucket(0, 9, 5), bucket(10, 19, 4)] };
    const grown = mergeLivePoints(history, [point('train/loss', 20, 3)], keys).series['train/loss'] ?? [];
    expect(grown[0]).toBe(history['train/loss'][0]);
    expect(grown[1]).toBe(history['train/loss'][1]);
  });

  it('finds the last finite value', () => {
    expect(lastFinite([bucket(0, 0, 4), bucket(1, 1, Number.NaN)])).toBe(4);
    expect(lastFinite(undefined)).toBeNull();
  });
});

describe('merging evaluations, epochs and tags', () => {
  it('keeps one evaluation per epoch, the later list winning, ascending', async () => {
    const { mergeEvaluations, mergeEpochs } = await import('../../../../src/renderer/src/lib/live-series');
    const evaluation = (epoch: number, elbo: number) => ({ epoch, elbo }) as unknown as EpochEvaluation;
    const merged = mergeEvaluations([evaluation(2, -1), evaluation(1, -2)], [evaluation(2, -0.5), evaluation(3, -0.4)]);
    expect(merged.map((e) => [e.epoch, e.elbo])).toEqual([[1, -2], [2, -0.5], [3, -0.4]]);
    expect(mergeEpochs([3, 1], [1, 2])).toEqual([1, 2, 3]);
  });

  it('collects tags and keeps the same array when nothing is new', async () => {
    const { mergeTags } = await import('../../../../src/renderer/src/lib/run-facts');
    const known = ['a'];
    expect(mergeTags(known, [{ tags: ['a'] }])).toBe(known);
    expect(mergeTags(known, [{ tags: ['c', 'b'] }])).toEqual(['a', 'b', 'c']);
  });
});
