/** Experiments and lineage in the store: persisted with their members, listed with progress, and independent of their runs' lives. */
import { describe, expect, it } from 'vitest';
import { freshStore } from '../store-fixtures';

describe('experiments in the store', () => {
  it('keeps an experiment with its members in order, lists its progress, and survives a deleted member', () => {
    const store = freshStore();
    const base = store.createRun({ name: 'collapsed', config: { objective: { beta: 8 } }, seed: 1 });
    const control = store.createRun({ name: 'control', config: {}, seed: 1 });
    const remedy = store.createRun({ name: 'free bits', config: {}, seed: 1 });
    const experiment = store.experiments.create({
      name: 'doctor: collapsed',
      kind: 'doctor',
      baseRunId: base.id,
      spec: { epochs: 2, seeds: 1 },
      members: [
        { runId: control.id, variant: 'control', change: {}, replicate: 0, isControl: true },
        { runId: remedy.id, variant: 'free bits λ = 0.5', change: { 'objective.freeBits': 0.5 }, replicate: 0, isControl: false },
      ],
    });
    expect(store.experiments.get(experiment.id)).toEqual(experiment);
    expect(experiment.members.map((m) => [m.variant, m.isControl, m.change])).toEqual([
      ['control', true, {}],
      ['free bits λ = 0.5', false, { 'objective.freeBits': 0.5 }],
    ]);
    store.setStatus(control.id, 'running');
    store.setStatus(control.id, 'completed');
    expect(store.experiments.list()).toEqual([expect.objectContaining({ id: experiment.id, kind: 'doctor', runCount: 2, finishedCount: 1, baseRunId: base.id })]);
    expect(store.experiments.find(experiment.id.slice(0, 8)).id).toBe(experiment.id);
    expect(() => store.experiments.find('nothing-like-it')).toThrow(/no experiment "nothing-like-it"/);

    // Runs keep working alone: deleting one drops it from the experiment; deleting the base forgets it.
    store.deleteRun(remedy.id);
    expect(store.experiments.get(experiment.id).members.map((m) => m.variant)).toEqual(['control']);
    store.deleteRun(base.id);
    expect(store.experiments.get(experiment.id).baseRunId).toBeNull();
    store.experiments.delete(experiment.id);
    expect(store.getRun(control.id).name).toBe('control');
    store.close();
  });

  it('records lineage: a run knows its parent and its children, and forgets a deleted parent', () => {
    const store = freshStore();
    const parent = store.createRun({ name: 'parent', config: {}, seed: 1 });
    const child = store.createRun({ name: 'child', config: {}, seed: 1 });
    store.experiments.setParent(child.id, parent.id);
    expect(store.experiments.lineage(child.id)).toEqual({ parent: { id: parent.id, name: 'parent' }, children: [] });
    expect(store.experiments.lineage(parent.id)).toEqual({ parent: null, children: [{ id: child.id, name: 'child', experimentId: null }] });
    store.deleteRun(parent.id);
    expect(store.experiments.lineage(child.id)).toEqual({ parent: null, children: [] });
    store.close();
  });
});
