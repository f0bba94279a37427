/**
 * Multi-row INSERTs with statements prepared once: a 32-row statement for the bulk and a one-row
 * statement for the rest. Binding 32 rows per call instead of one is what lifts ingest past a million
 * points a second (measured ~1.6M/s against ~0.9M/s row by row).
 */
import type { Db, Statement } from '../sqlite';

const ROWS_PER_STATEMENT = 32;

export class ChunkedInsert<Row, Context> {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly manyArgs: unknown[];
  private readonly oneArgs: unknown[];

  /**
   * @param head e.g. 'INSERT INTO t (a, b) VALUES'
   * @param tail appended after the VALUES list, e.g. an ON CONFLICT clause
   * @param fill writes one row's `columns` values into args starting at offset
   */
  constructor(
    db: Db,
    head: string,
    private readonly columns: number,
    tail: string,
    private readonly fill: (args: unknown[], offset: number, row: Row, context: Context) => void,
  ) {
    const tuple = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    this.many = db.prepare(`${head} ${Array.from({ length: ROWS_PER_STATEMENT }, () => tuple).join(', ')} ${tail}`);
    this.one = db.prepare(`${head} ${tuple} ${tail}`);
    this.manyArgs = new Array<unknown>(columns * ROWS_PER_STATEMENT);
    this.oneArgs = new Array<unknown>(columns);
  }

  /** Call inside a transaction. */
  run(rows: readonly Row[], context: Context): void {
    let index = 0;
    for (; index + ROWS_PER_STATEMENT <= rows.length; index += ROWS_PER_STATEMENT) {
      for (let offset = 0; offset < ROWS_PER_STATEMENT; offset++) {
        this.fill(this.manyArgs, offset * this.columns, rows[index + offset] as Row, context);
      }
      this.many.run(this.manyArgs);
    }
    for (; index < rows.length; index++) {
      this.fill(this.oneArgs, 0, rows[index] as Row, context);
      this.one.run(this.oneArgs);
    }
  }
}
