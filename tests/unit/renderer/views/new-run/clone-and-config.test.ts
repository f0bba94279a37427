import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../../src/shared/config';
import { configRows, configSections, configValueAt, formatConfigValue } from '../../../../../src/renderer/src/lib/config-rows';
import { parseRoute, routeHash } from '../../../../../src/renderer/src/lib/route';
import { cloneName } from '../../../../../src/renderer/src/views/new-run/clone-name';
import { availabilityNote, datasetOptionLabel } from '../../../../../src/renderer/src/views/new-run/dataset-availability-text';

describe('Clone and edit', () => {
  it('has a route that names the run to clone, and a config tab on the run page', () => {
    expect(parseRoute('#/new?from=abc')).toEqual({ view: 'new', from: 'abc' });
    expect(routeHash({ view: 'new', from: 'a b' })).toBe('#/new?from=a%20b');
    expect(parseRoute(routeHash({ view: 'new', from: 'a b' }))).toEqual({ view: 'new', from: 'a b' });
    expect(parseRoute('#/new')).toEqual({ view: 'new' });
    expect(parseRoute('#/run/x/config')).toEqual({ view: 'run', id: 'x', tab: 'config' });
  });

  it('names the copy after the run it came from', () => {
    expect(cloneName('beta sweep')).toBe('beta sweep (copy)');
    expect(cloneName('beta sweep (copy)')).toBe('beta sweep (copy 2)');
    expect(cloneName('beta sweep (copy 2)')).toBe('beta sweep (copy 3)');
  });
});

describe('the config panel rows', () => {
  it('lists every leaf by dotted path, grouped by section', () => {
    const config = PRESETS['beta-vae'].config;
    const rows = configRows(config);
    expect(rows).toContainEqual({ path: 'model.hidden', value: '512, 256' });
    expect(rows).toContainEqual({ path: 'objective.klSchedule.kind', value: 'linear' });
    expect(rows).toContainEqual({ path: 'data.dataset.name', value: 'mnist' });
    expect(rows).toContainEqual({ path: 'seed', value: '1' });
    const sections = configSections(config).map((s) => s.section);
    expect(sections).toEqual(['data', 'model', 'objective', 'optim', 'eval', 'diagnostics', 'run']);
    expect(configSections(config).find((s) => s.section === 'optim')?.rows).toContainEqual({ path: 'lr', value: '0.001' });
  });

  it('reads one value by path, undefined where the config has none', () => {
    const config = PRESETS['conv-vae'].config;
    expect(configValueAt(config, 'model.architecture')).toBe('conv');
    expect(configValueAt(config, 'data.dataset.folder')).toBeUndefined();
    expect(configValueAt(null, 'model')).toBeUndefined();
    expect(formatConfigValue(undefined)).toBe('—');
    expect(formatConfigValue(null)).toBe('null');
  });
});

describe('dataset availability in the New run form', () => {
  const availability = [
    { choice: 'embedded-mnist' as const, state: 'cached' as const, detail: 'the digits that ship with the app' },
    { choice: 'mnist' as const, state: 'unavailable' as const, detail: 'MNIST is not in the cache and ossci-datasets.s3.amazonaws.com cannot be reached (offline?)' },
    { choice: 'fashion-mnist' as const, state: 'downloadable' as const, detail: 'Fashion-MNIST will be downloaded from raw.githubusercontent.com and verified' },
    { choice: 'kmnist' as const, state: 'cached' as const, detail: 'Kuzushiji-MNIST in the cache' },
  ];

  it('labels each IDX dataset with its state', () => {
    expect(datasetOptionLabel('mnist', availability)).toBe('mnist · not available');
    expect(datasetOptionLabel('fashion-mnist', availability)).toBe('fashion-mnist · downloadable');
    expect(datasetOptionLabel('kmnist', availability)).toBe('kmnist · cached');
    expect(datasetOptionLabel('mnist', [])).toBe('mnist');
  });

  it('explains the chosen one, offering the embedded digits when it cannot be had', () => {
    expect(availabilityNote('mnist', true, availability)).toEqual({ state: 'unavailable', text: expect.stringMatching(/^Not available: .*offline\?\)\. Use the embedded digits instead\.$/) });
    expect(availabilityNote('fashion-mnist', true, availability)?.state).toBe('downloadable');
    expect(availabilityNote('fashion-mnist', false, availability)).toMatchObject({ state: 'unavailable', text: expect.stringContaining('Download if missing') });
    expect(availabilityNote('kmnist', false, availability)?.text).toBe('Cached: Kuzushiji-MNIST in the cache.');
  });
});
