/**
 * Version 3: tags move from a JSON column to their own table (filterable by index) and runs become
 * searchable by name, notes and tags through FTS5. The FTS index is keyed by rowid, and VACUUM may
 * renumber the rowids of a table without an INTEGER PRIMARY KEY, so `runs` is rebuilt with an explicit
 * `seq INTEGER PRIMARY KEY` (SQLite's documented 12-step rebuild; the migration runner has turned
 * foreign-key enforcement off and runs foreign_key_check before committing).
 */
import type { Migration } from './migration';
import { V1_RUN_COLUMNS } from './v1-runs-and-metrics';

export const v3TagsAndSearch: Migration = {
  version: 3,
  description: 'tags table and full-text search over runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs_v3 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,${V1_RUN_COLUMNS}
        notes TEXT NOT NULL DEFAULT '',
        error TEXT,
        summary TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(summary))
      );
      INSERT INTO runs_v3 (id, name, status, config, seed, backend, device, dataset, dataset_hash,
                           created_at, started_at, ended_at, notes, error, summary)
        SELECT id, name, status, config, seed, backend, device, dataset, dataset_hash,
               created_at, started_at, ended_at, notes, error, summary
        FROM runs ORDER BY created_at, id;

      CREATE TABLE run_tags (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO run_tags (run_id, tag)
        SELECT runs.id, trim(each.value) FROM runs, json_each(runs.tags) AS each
        WHERE each.type = 'text' AND trim(each.value) <> '';

      DROP TABLE runs;
      ALTER TABLE runs_v3 RENAME TO runs;
      CREATE INDEX runs_by_created_at ON runs (created_at);
      CREATE INDEX runs_by_status ON runs (status);
      CREATE INDEX run_tags_by_tag ON run_tags (tag);

      CREATE VIRTUAL TABLE run_search USING fts5(name, notes, tags, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO run_search (rowid, name, notes, tags)
        SELECT seq, name, notes, coalesce((SELECT group_concat(tag, ' ') FROM run_tags WHERE run_id = runs.id), '')
        FROM runs;

      CREATE TRIGGER runs_search_insert AFTER INSERT ON runs BEGIN
        INSERT INTO run_search (rowid, name, notes, tags) VALUES (new.seq, new.name, new.notes, '');
      END;
      CREATE TRIGGER runs_search_update AFTER UPDATE OF name, notes ON runs BEGIN
        UPDATE run_search SET name = new.name, notes = new.notes WHERE rowid = new.seq;
      END;
      CREATE TRIGGER runs_search_delete AFTER DELETE ON runs BEGIN
        DELETE FROM run_search WHERE rowid = old.seq;
      END;
      CREATE TRIGGER run_tags_search_insert AFTER INSERT ON run_tags BEGIN
        UPDATE run_search SET tags = (SELECT group_concat(tag, ' ') FROM run_tags WHERE run_id = new.run_id)
        WHERE rowid = (SELECT seq FROM runs WHERE id = new.run_id);
      END;
      CREATE TRIGGER run_tags_search_delete AFTER DELETE ON run_tags BEGIN
        UPDATE run_search SET tags = coalesce((SELECT group_concat(tag, ' ') FROM run_tags WHERE run_id = old.run_id), '')
        WHERE rowid = (SELECT seq FROM runs WHERE id = old.run_id);
      END;
    `);
  },
};
