// The runs search matches config values too: a plain word the start of any value, key=value a field.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../../../src/shared/config';
import { freshStore, sampleRun } from './store-fixtures';


function store() {
  const s = freshStore();
  const add = (name: string, config: unknown) => s.createRun(sampleRun({ name, config }));
  add('first', PRESETS['mnist-2d'].config);
  add('second', PRESETS['conv-vae'].config);
  add('third', { ...PRESETS['beta-vae'].config, data: { ...PRESETS['beta-vae'].config.data, dataset: { source: 'idx', name: 'fashion-mnist', download: true } } });
  add('fourth', PRESETS.iwae.config);
  return s;
}
const names = (s: ReturnType<typeof store>, search: string) => s.listRuns({ search, sort: 'name', order: 'asc' }).runs.map((run) => run.name);

describe('searching runs by config', () => {
  it('matches a plain word against the start of any config value', () => {
    const s = store();
    expect(names(s, 'conv')).toEqual(['second']);
    expect(names(s, 'fashion')).toEqual(['third']);
    expect(names(s, 'iwae')).toEqual(['fourth']);
    expect(names(s, 'linear')).toEqual(['second', 'third']); // the β warm-up schedules
    // Words still match names, and every word must match something.
    expect(names(s, 'second conv')).toEqual(['second']);
    expect(names(s, 'second fashion')).toEqual([]);
  });

  it('matches key=value by field name or dotted path, numbers by value', () => {
    const s = store();
    expect(names(s, 'latentDim=2')).toEqual(['first']);
    expect(names(s, 'model.latentDim=16')).toEqual(['second']);
    expect(names(s, 'beta=4')).toEqual(['third']);
    expect(names(s, 'lr=1e-3')).toEqual(['first', 'fourth', 'third']);
    expect(names(s, 'optim.lr=0.003')).toEqual(['second']);
    expect(names(s, 'hidden=200')).toEqual(['fourth']); // any layer of the list
    expect(names(s, 'architecture=CONV')).toEqual(['second']);
    expect(names(s, 'dataset.name=fashion-mnist')).toEqual(['third']);
    expect(names(s, 'logVarClamp=true')).toHaveLength(4);
    expect(names(s, 'latentDim=3')).toEqual([]);
  });

  it('treats wildcard characters literally', () => {
    const s = store();
    expect(names(s, 'c%nv')).toEqual([]);
    expect(names(s, 'c_nv')).toEqual([]);
  });
});
