/**
 * Version 6: experiments (a sweep or the collapse doctor's remedies: a group of runs made together)
 * and lineage (the run each run was derived from). Both live beside the runs table, so a run keeps
 * working alone: deleting an experiment leaves its runs; deleting a parent forgets the link only.
 */
import type { Migration } from './migration';

export const v6ExperimentsAndLineage: Migration = {
  version: 6,
  description: 'experiments and run lineage',
  up(db) {
    db.exec(`
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sweep', 'doctor')),
        base_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
        spec TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(spec)),
        created_at INTEGER NOT NULL
      );

      CREATE TABLE experiment_runs (
        experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        variant TEXT NOT NULL,
        change TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(change)),
        replicate INTEGER NOT NULL DEFAULT 0,
        is_control INTEGER NOT NULL DEFAULT 0 CHECK (is_control IN (0, 1)),
        PRIMARY KEY (experiment_id, run_id)
      );
      CREATE INDEX experiment_runs_by_run ON experiment_runs (run_id);

      CREATE TABLE run_lineage (
        run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        parent_run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE
      );
      CREATE INDEX run_lineage_by_parent ON run_lineage (parent_run_id);
    `);
  },
};
