/** The better-sqlite3 types the store passes around, named once. */
import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;
export type Statement<Params extends unknown[] = unknown[], Row = unknown> = BetterSqlite3.Statement<Params, Row>;

/** SQLite stores NaN as NULL; every REAL value the store reads passes through here. */
export function realFromSql(value: number | null): number {
  return value ?? Number.NaN;
}
