import { describe, expect, it } from 'vitest';
import { figureFileName, sanitizeNamePart } from '../../../../../src/renderer/src/lib/figures/figure-filename';
import { escapeHtml, formatDuration, formatMetricValue, niceDurationInterval } from '../../../../../src/renderer/src/lib/series/format';

describe('figureFileName', () => {
  it('joins run, chart and epoch into a portable name', () => {
    expect(figureFileName({ runName: 'β-VAE MNIST (β=4)', chart: 'KL heatmap', epoch: 12, extension: 'svg' })).toBe(
      'beta-VAE-MNIST-beta-4_KL-heatmap_epoch-12.svg',
    );
    expect(figureFileName({ runName: 'run 1', chart: 'loss', extension: 'png' })).toBe('run-1_loss.png');
  });

  it('drops accents, path separators, leading dots and reserved characters', () => {
    expect(sanitizeNamePart('Café/../..\\x:y*?"<>|')).toBe('Cafe-..-..-x-y');
    expect(sanitizeNamePart('...hidden')).toBe('hidden');
    expect(sanitizeNamePart('a'.repeat(100))).toHaveLength(60);
    expect(figureFileName({ runName: '???', chart: '', extension: 'png' })).toBe('run_figure.png');
  });

  it('rejects an epoch that is not a non-negative integer', () => {
    expect(() => figureFileName({ runName: 'r', chart: 'c', epoch: 1.5, extension: 'png' })).toThrow(/epoch must be a non-negative integer/);
  });
});

describe('formats', () => {
  it('keeps metric values short', () => {
    expect(formatMetricValue(123.456789)).toBe('123.5');
    expect(formatMetricValue(0.000123)).toBe('1.23e-4');
    expect(formatMetricValue(0.0001)).toBe('1e-4');
    expect(formatMetricValue(250000)).toBe('2.5e5');
    expect(formatMetricValue(0)).toBe('0');
    expect(formatMetricValue(Number.NaN)).toBe('NaN');
  });

  it('writes durations compactly', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(725)).toBe('12m05s');
    expect(formatDuration(3 * 3600 + 7 * 60 + 30)).toBe('3h07m');
    expect(formatDuration(120)).toBe('2m');
    expect(formatDuration(7200)).toBe('2h');
  });

  it('ticks durations at everyday steps', () => {
    expect(niceDurationInterval(599)).toBe(120);
    expect(niceDurationInterval(50)).toBe(10);
    expect(niceDurationInterval(5 * 3600)).toBe(3600);
    expect(niceDurationInterval(30 * 86400)).toBe(5 * 86400);
  });

  it('escapes HTML in names shown in tooltips', () => {
    expect(escapeHtml('<img src=x onerror="a">&\'')).toBe('&#60;img src=x onerror=&#34;a&#34;&#62;&#38;&#39;');
  });
});
