import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../src/shared/config';
import {
  betaOf,
  datasetLabel,
  formatCell,
  formatEta,
  stepsPerEpochOf,
  latentDimOf,
  modelLabel,
  parseTags,
  runConfigOf,
} from '../../../../src/renderer/src/lib/run-facts';
import { ariaSort, DEFAULT_SORT, nextSort, RUN_COLUMNS } from '../../../../src/renderer/src/lib/run-columns';

describe('run facts for tables and headers', () => {
  it('prefers the host’s summary and falls back to the stored config', () => {
    const config = PRESETS['collapse-demo'].config;
    const run = { config, dataset: null, summary: {} };
    const parsed = runConfigOf(run);
    expect(parsed).toEqual(config);
    expect(datasetLabel(run, parsed)).toBe('mnist');
    expect(datasetLabel({ ...run, config: { data: { dataset: { source: 'embedded-mnist' } } } })).toBe('mnist-embedded');
    expect(datasetLabel({ ...run, dataset: 'mnist-embedded-10k' })).toBe('mnist-embedded-10k');
    expect(modelLabel(parsed)).toBe('VAE mlp 512-512');
    expect(modelLabel(runConfigOf({ config: PRESETS.iwae.config }))).toBe('VAE mlp 200-200 (IWAE K=5)');
    expect(betaOf(run, parsed)).toBe(config.objective.beta);
    expect(betaOf({ summary: { beta: 0.5 } }, parsed)).toBe(0.5);
    expect(latentDimOf(run, parsed)).toBe(64);
    expect(runConfigOf({ config: { optim: { lr: -1 } } })).toBeNull();
    expect(modelLabel(null)).toBe('—');
  });

  it('formats cells, durations and tags', () => {
    expect(formatCell(null)).toBe('—');
    expect(formatCell(-101.23456)).toBe('-101.2');
    expect(formatEta(null)).toBe('—');
    expect(formatEta(12.4)).toBe('12s');
    expect(formatEta(185)).toBe('3m 05s');
    expect(formatEta(3725)).toBe('1h 02m');
    expect(parseTags(' b, a  a,c ')).toEqual(['a', 'b', 'c']);
    expect(stepsPerEpochOf({ summary: { stepsCompleted: 142, epochsCompleted: 2 } })).toBe(71);
    expect(stepsPerEpochOf({ summary: {} })).toBeNull();
  });

  it('sorts on the host: first click best-first for metrics, then toggles', () => {
    expect(nextSort(DEFAULT_SORT, 'createdAt')).toEqual({ key: 'createdAt', order: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'elbo')).toEqual({ key: 'elbo', order: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'nll')).toEqual({ key: 'nll', order: 'asc' });
    expect(nextSort({ key: 'nll', order: 'asc' }, 'nll')).toEqual({ key: 'nll', order: 'desc' });
    const elbo = RUN_COLUMNS.find((column) => column.id === 'elbo');
    const dataset = RUN_COLUMNS.find((column) => column.id === 'dataset');
    expect(elbo && ariaSort({ key: 'elbo', order: 'desc' }, elbo)).toBe('descending');
    expect(elbo && ariaSort(DEFAULT_SORT, elbo)).toBe('none');
    expect(dataset && ariaSort(DEFAULT_SORT, dataset)).toBeUndefined();
  });
});
