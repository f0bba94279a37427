/**
 * Version 5: saved publication figures. A figure is its spec (runs, panels, style) as JSON, under a
 * unique name, so it can be reopened, edited and re-rendered headless (`vae-workbench figure NAME`).
 * The spec names runs by id inside its JSON; deleting a run leaves the figure, which then says which
 * run is missing when rendered.
 */
import type { Migration } from './migration';

export const v5Figures: Migration = {
  version: 5,
  description: 'saved figure specs',
  up(db) {
    db.exec(`
      CREATE TABLE figures (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        spec TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
