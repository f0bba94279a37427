/** Opening the store: the native-binding option Electron needs, and the connection settings it promises. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../../../../../src/main/core/store';
import { freshStore, sampleRun, temporaryFolder, track } from './store-fixtures';

const require = createRequire(import.meta.url);

describe('openRunStore', () => {
  it('loads better-sqlite3 from an explicit native binding, as the Electron host does', () => {
    const binding = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    const store = track(openRunStore(join(temporaryFolder(), 'runs.sqlite'), { nativeBinding: binding }));
    expect(store.createRun(sampleRun()).status).toBe('queued');
  });

  it('names the file when the native binding cannot be loaded', () => {
    const path = join(temporaryFolder(), 'runs.sqlite');
    expect(() => openRunStore(path, { nativeBinding: '/nowhere/better_sqlite3.node' })).toThrow(/cannot open run database .*runs\.sqlite/);
  });

  it('uses write-ahead logging, so a second connection reads while the store writes', () => {
    const path = join(temporaryFolder(), 'runs.sqlite');
    const store = track(openRunStore(path));
    store.createRun(sampleRun());
    const reader = new Database(path, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    reader.close();
    // A second connection can read while the store is open, and sees committed runs at once.
    const other = track(openRunStore(path));
    expect(other.listRuns().total).toBe(1);
  });

  it('works on an in-memory database for throwaway use', () => {
    const store = track(openRunStore(':memory:'));
    const run = store.createRun(sampleRun());
    store.appendMetrics(run.id, [{ key: 'loss', step: 0, epoch: 0, wallTime: 0, value: 1 }]);
    expect(store.getSeries(run.id, 'loss').totalPoints).toBe(1);
  });

  it('opens the same file again after a clean close with everything in place', () => {
    const first = freshStore();
    const run = first.createRun(sampleRun({ tags: ['kept'] }));
    first.close();
    const second = track(openRunStore(first.path));
    expect(second.getRun(run.id).tags).toEqual(['kept']);
    expect(second.integrityCheck()).toEqual(['ok']);
  });
});
