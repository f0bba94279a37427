/** A run's log lines, appended in batches (one transaction each) and read forward from an id. */
import { LOG_LEVELS, type LogLine, type StoredLogLine } from '../../../../shared/runs';
import type { Db, Statement } from '../sqlite';
import { badRequest } from '../store-errors';

export const DEFAULT_LOG_PAGE = 1000;
export const MAX_LOG_PAGE = 10_000;

export interface LogQuery {
  /** Only lines with a larger id. */
  afterId?: number;
  limit?: number;
}

export class RunLogStore {
  private readonly insert: Statement<[string, number, string, string], { id: number }>;
  private readonly selectPage: Statement<[string, number, number], StoredLogLine>;

  constructor(
    private readonly db: Db,
    private readonly requireRun: (runId: string) => void,
  ) {
    this.insert = db.prepare('INSERT INTO run_logs (run_id, at, level, line) VALUES (?, ?, ?, ?) RETURNING id');
    this.selectPage = db.prepare(
      'SELECT id, run_id AS runId, at, level, line FROM run_logs WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
  }

  append(runId: string, lines: readonly LogLine[]): StoredLogLine[] {
    if (!Array.isArray(lines)) throw badRequest('log lines must be an array');
    lines.forEach(assertValidLine);
    return this.db.transaction(() => {
      this.requireRun(runId);
      return lines.map((entry): StoredLogLine => {
        const { id } = this.insert.get(runId, entry.at, entry.level, entry.line) as { id: number };
        return { id, runId, at: entry.at, level: entry.level, line: entry.line };
      });
    })();
  }

  read(runId: string, query: LogQuery = {}): StoredLogLine[] {
    const limit = query.limit ?? DEFAULT_LOG_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_PAGE) throw badRequest(`log limit must be an integer in 1..${MAX_LOG_PAGE}`);
    this.requireRun(runId);
    return this.selectPage.all(runId, query.afterId ?? 0, limit);
  }
}

function assertValidLine(entry: LogLine, index: number): void {
  if (typeof entry !== 'object' || entry === null) throw badRequest(`logs[${index}] is not an object`);
  if (typeof entry.at !== 'number' || !Number.isFinite(entry.at)) throw badRequest(`logs[${index}].at must be a finite number of ms`);
  if (!(LOG_LEVELS as readonly string[]).includes(entry.level)) throw badRequest(`logs[${index}].level must be one of ${LOG_LEVELS.join(', ')}`);
  if (typeof entry.line !== 'string') throw badRequest(`logs[${index}].line must be a string`);
}
