/**
 * The run list: filter by status, tag and search (name, notes, tags and config values; run-search.ts), sort by
 * a column or a summary metric, page with limit/offset. Runs lacking the sort value come last.
 */
import {
  isRunStatus,
  SUMMARY_METRIC_KEYS,
  type RunList,
  type RunListQuery,
  type RunSortKey,
} from '../../../../shared/runs';
import type { Db } from '../sqlite';
import { badRequest } from '../store-errors';
import { RUN_COLUMNS, runFromRow, type RunRow } from './run-rows';
import { searchConditions } from './run-search';

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

const COLUMN_SORTS: Record<'createdAt' | 'name' | 'status', string> = {
  createdAt: 'r.created_at',
  name: 'r.name COLLATE NOCASE',
  status: 'r.status',
};

export function listRuns(db: Db, query: RunListQuery = {}): RunList {
  const where: string[] = [];
  const params: Record<string, unknown> = {};

  if (query.status !== undefined) {
    const statuses = Array.isArray(query.status) ? query.status : [query.status];
    if (statuses.length === 0) return { runs: [], total: 0 };
    statuses.forEach((status, index) => {
      if (!isRunStatus(status)) throw badRequest(`unknown run status ${JSON.stringify(status)}`);
      params[`status${index}`] = status;
    });
    where.push(`r.status IN (${statuses.map((_, index) => `$status${index}`).join(', ')})`);
  }
  if (query.tag !== undefined) {
    if (typeof query.tag !== 'string') throw badRequest('tag must be a string');
    where.push('EXISTS (SELECT 1 FROM run_tags WHERE run_id = r.id AND tag = $tag)');
    params.tag = query.tag.trim();
  }
  if (query.search !== undefined && typeof query.search !== 'string') throw badRequest('search must be a string');
  if (query.search !== undefined) {
    const search = searchConditions(query.search);
    where.push(...search.where);
    Object.assign(params, search.params);
  }

  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw badRequest(`order must be 'asc' or 'desc', got ${JSON.stringify(order)}`);
  const sortExpression = sortSql(query.sort ?? 'createdAt');
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const limit = pageNumber(query.limit ?? DEFAULT_LIST_LIMIT, 'limit', 1, MAX_LIST_LIMIT);
  const offset = pageNumber(query.offset ?? 0, 'offset', 0, Number.MAX_SAFE_INTEGER);

  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM runs AS r ${whereSql}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM runs AS r ${whereSql}
       ORDER BY (${sortExpression}) IS NULL, ${sortExpression} ${direction}, r.seq ${direction}
       LIMIT $limit OFFSET $offset`,
    )
    .all({ ...params, limit, offset }) as RunRow[];
  return { runs: rows.map(runFromRow), total };
}

function sortSql(sort: RunSortKey): string {
  if (Object.hasOwn(COLUMN_SORTS, sort)) return COLUMN_SORTS[sort as keyof typeof COLUMN_SORTS];
  // Summary keys come from a fixed list, so inlining the JSON path is safe.
  if ((SUMMARY_METRIC_KEYS as readonly string[]).includes(sort)) return `json_extract(r.summary, '$.${sort}')`;
  throw badRequest(`cannot sort runs by ${JSON.stringify(sort)}`);
}

function pageNumber(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badRequest(`${what} must be an integer in ${min}..${max}`);
  return value;
}
