/** One step of the schema's history: applied once, inside one transaction, never edited after release. */
import type { Db } from '../sqlite';

export interface Migration {
  /** The PRAGMA user_version the database has after this step. */
  version: number;
  description: string;
  up(db: Db): void;
}
