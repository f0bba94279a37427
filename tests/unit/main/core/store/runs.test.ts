/** Run records: creation, one-aspect updates with their timestamps, deletion, start-up recovery, and the list. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../../../src/shared/runs';
import { defined, freshStore, sampleRun, series } from './store-fixtures';

describe('run records', () => {
  it('creates a run with defaults, normalised tags and the config stored exactly', () => {
    const store = freshStore();
    const config = { model: { hidden: [512, 256], latentDim: 32 }, name: 'ünïcode ✓', nested: { empty: {}, list: [] }, flag: false, nothing: null };
    const run = store.createRun(sampleRun({ config, tags: [' mnist', 'baseline', 'mnist', ''], createdAt: 1234 }));
    expect(run).toMatchObject({
      name: 'mnist β=1',
      status: 'queued',
      config,
      seed: 1,
      backend: null,
      createdAt: 1234,
      startedAt: null,
      endedAt: null,
      tags: ['baseline', 'mnist'],
      notes: '',
      error: null,
      summary: {},
    });
    expect(run.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(store.getRun(run.id)).toEqual(run);
    expect(store.findRun('missing')).toBeNull();
    expect(() => store.getRun('missing')).toThrow(/run missing not found/);
  });

  it('refuses configs JSON cannot hold and other bad input, naming the field', () => {
    const store = freshStore();
    expect(() => store.createRun(sampleRun({ config: { optimizer: { lr: Number.NaN } } }))).toThrow(/config\.optimizer\.lr is NaN/);
    expect(() => store.createRun(sampleRun({ config: { when: new Date(0) } }))).toThrow(/config\.when is a Date/);
    expect(() => store.createRun(sampleRun({ name: '   ' }))).toThrow(/name must not be empty/);
    expect(() => store.createRun(sampleRun({ seed: 1.5 }))).toThrow(/seed must be an integer/);
    expect(() => store.createRun(sampleRun({ status: 'exploded' as RunStatus }))).toThrow(/unknown run status/);
    expect(store.listRuns().total).toBe(0);
  });

  it('stamps startedAt on the first start and endedAt on finishing, clearing it when a run resumes', () => {
    const store = freshStore();
    const { id } = store.createRun(sampleRun());
    expect(store.setStatus(id, 'running', 100)).toMatchObject({ status: 'running', startedAt: 100, endedAt: null });
    expect(store.setStatus(id, 'paused', 150)).toMatchObject({ status: 'paused', startedAt: 100, endedAt: null });
    expect(store.setStatus(id, 'running', 200)).toMatchObject({ startedAt: 100, endedAt: null });
    expect(store.setStatus(id, 'stopped', 300)).toMatchObject({ status: 'stopped', endedAt: 300 });
    expect(store.setStatus(id, 'running', 400)).toMatchObject({ startedAt: 100, endedAt: null });
    expect(store.setStatus(id, 'completed', 500)).toMatchObject({ status: 'completed', startedAt: 100, endedAt: 500 });
    expect(() => store.setStatus('missing', 'running')).toThrow(/not found/);
  });

  it('sets tags, notes, error, summary and environment one at a time', () => {
    const store = freshStore();
    const { id } = store.createRun(sampleRun({ tags: ['old'] }));
    expect(store.setTags(id, ['b', 'a', 'b']).tags).toEqual(['a', 'b']);
    expect(store.setNotes(id, 'posterior collapsed after epoch 3').notes).toBe('posterior collapsed after epoch 3');
    expect(store.setError(id, 'NaN loss at step 812').error).toBe('NaN loss at step 812');
    expect(store.setError(id, null).error).toBeNull();
    expect(store.mergeSummary(id, { model: 'mlp', elbo: -98.5, nll: Number.NaN, kl: Number.POSITIVE_INFINITY, latentDim: 20 }).summary).toEqual({
      model: 'mlp',
      elbo: -98.5,
      nll: null,
      kl: null,
      latentDim: 20,
    });
    expect(() => store.mergeSummary(id, { bogus: 1 } as never)).toThrow(/unknown summary field "bogus"/);
    store.setEnvironment(id, { backend: 'wasm', device: 'CPU (SIMD)' });
    expect(store.setEnvironment(id, { datasetHash: 'f'.repeat(64), device: null })).toMatchObject({
      backend: 'wasm',
      device: null,
      datasetHash: 'f'.repeat(64),
    });
  });

  it('deletes a run with everything it owns', () => {
    const store = freshStore();
    const keep = store.createRun(sampleRun({ name: 'keep', tags: ['x'] }));
    const doomed = store.createRun(sampleRun({ name: 'doomed', tags: ['x'] }));
    for (const run of [keep, doomed]) {
      store.appendMetrics(run.id, series('loss', 3000));
      store.saveSnapshot({ runId: run.id, epoch: 1, kind: 'recon_grid', data: new Uint8Array([1, 2, 3]) });
      store.addCheckpoint({ runId: run.id, epoch: 1, step: 10, path: `${run.id}/step-10` });
      store.appendLogs(run.id, [{ at: 1, level: 'info', line: 'hello' }]);
    }
    store.deleteRun(doomed.id);
    expect(() => store.deleteRun(doomed.id)).toThrow(/not found/);
    expect(store.listRuns({ search: 'doomed' }).total).toBe(0);

    const db = new Database(store.path, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM metric_series')).toBe(1);
    expect(count('SELECT count(*) AS n FROM metric_points')).toBe(3000);
    expect(count('SELECT count(*) AS n FROM metric_tiles WHERE series_id NOT IN (SELECT id FROM metric_series)')).toBe(0);
    for (const table of ['snapshots', 'checkpoints', 'run_logs', 'run_tags', 'run_search']) {
      expect(count(`SELECT count(*) AS n FROM ${table}`), table).toBe(1);
    }
    db.close();
    expect(store.getSeries(keep.id, 'loss').totalPoints).toBe(3000);
  });

  it('marks running and paused runs interrupted at start-up and returns them', () => {
    const store = freshStore();
    const statuses: RunStatus[] = ['queued', 'running', 'paused', 'completed', 'failed', 'stopped', 'interrupted'];
    const ids = statuses.map((status) => store.createRun(sampleRun({ name: status, status })).id);
    const interrupted = store.markInterrupted(999);
    expect(interrupted.map((run) => run.name).sort()).toEqual(['paused', 'running']);
    expect(interrupted.every((run) => run.status === 'interrupted' && run.endedAt === 999)).toBe(true);
    expect(ids.map((id) => store.getRun(id).status)).toEqual(['queued', 'interrupted', 'interrupted', 'completed', 'failed', 'stopped', 'interrupted']);
    expect(store.markInterrupted()).toEqual([]);
  });
});

describe('listRuns', () => {
  function populated() {
    const store = freshStore();
    const statuses: RunStatus[] = ['completed', 'running', 'failed'];
    for (let index = 0; index < 30; index++) {
      const run = store.createRun(
        sampleRun({
          name: `${index % 2 === 0 ? 'conv' : 'mlp'} vae ${String(index).padStart(2, '0')}`,
          status: statuses[index % 3],
          tags: index % 5 === 0 ? ['baseline', 'mnist'] : ['mnist'],
          notes: index === 7 ? 'posterior collapse with β=4, try KL warm-up' : '',
          createdAt: 1000 + index,
        }),
      );
      if (index % 4 !== 0) store.mergeSummary(run.id, { elbo: -100 - (index % 7), activeUnits: index });
    }
    return store;
  }

  it('lists newest first by default, with the total ignoring paging', () => {
    const store = populated();
    const page = store.listRuns({ limit: 5, offset: 5 });
    expect(page.total).toBe(30);
    expect(page.runs.map((run) => run.createdAt)).toEqual([1024, 1023, 1022, 1021, 1020]);
  });

  it('filters by status, tag and words in name, notes and tags', () => {
    const store = populated();
    expect(store.listRuns({ status: 'failed' }).total).toBe(10);
    expect(store.listRuns({ status: ['failed', 'running'] }).total).toBe(20);
    expect(store.listRuns({ tag: 'baseline' }).runs.map((run) => run.name).sort()).toEqual(['conv vae 00', 'conv vae 10', 'conv vae 20', 'mlp vae 05', 'mlp vae 15', 'mlp vae 25']);
    expect(store.listRuns({ search: 'collapse' }).runs.map((run) => run.name)).toEqual(['mlp vae 07']);
    expect(store.listRuns({ search: 'warm' }).total).toBe(1); // prefix of "warm-up"
    expect(store.listRuns({ search: 'conv baseline' }).total).toBe(3); // every word must match
    expect(store.listRuns({ search: 'CONV Baseline', status: 'completed', tag: 'mnist' }).runs.map((run) => run.name)).toEqual(['conv vae 00']);
    // Text FTS5 would read as syntax is searched as words instead of failing.
    for (const awkward of ['"unterminated', 'β=4 AND', 'NEAR(', '*', '-x']) {
      expect(() => store.listRuns({ search: awkward }), awkward).not.toThrow();
    }
    expect(store.listRuns({ search: 'β=4' }).total).toBe(1);
    expect(store.listRuns({ search: '   ' }).total).toBe(30);
  });

  it('keeps the search index current as notes and tags change', () => {
    const store = populated();
    const run = defined(store.listRuns({ search: 'collapse' }).runs[0]);
    store.setNotes(run.id, 'fixed by free bits');
    store.setTags(run.id, ['freebits']);
    expect(store.listRuns({ search: 'collapse' }).total).toBe(0);
    expect(store.listRuns({ search: 'free' }).runs.map((r) => r.id)).toEqual([run.id]);
    expect(store.listRuns({ search: 'freebits' }).total).toBe(1);
  });

  it('sorts by name and by a summary metric, runs without the metric last in either order', () => {
    const store = populated();
    const byName = store.listRuns({ sort: 'name', order: 'asc', limit: 3 }).runs.map((run) => run.name);
    expect(byName).toEqual(['conv vae 00', 'conv vae 02', 'conv vae 04']);
    for (const order of ['asc', 'desc'] as const) {
      const runs = store.listRuns({ sort: 'elbo', order, limit: 1000 }).runs;
      const values = runs.map((run) => run.summary.elbo ?? null);
      const present = values.filter((value): value is number => value !== null);
      expect(values.slice(present.length).every((value) => value === null)).toBe(true);
      expect(present).toEqual([...present].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
    expect(() => store.listRuns({ sort: 'summary; DROP TABLE runs' as never })).toThrow(/cannot sort runs by/);
    expect(() => store.listRuns({ limit: 0 })).toThrow(/limit must be an integer/);
  });
});
