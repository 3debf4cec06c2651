// The task list (督办事项): one page of tasks in the caller's jurisdiction, in the list's one order, with
// keyset cursors so a deep page costs what page 1 costs, and a total that stops counting at TOTAL_CAP.
import { ErrorCode, TOTAL_CAP, type TaskListQuery } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/app-error';
import type { ReadQuery } from '../../database/prepared';
import { cappedCountSql, cappedTotal } from '../../common/capped-total';
import { SqlParams } from '../../common/sql-params';
import { type Scope } from '../units/jurisdiction';
import { counterTotalSql } from './figures';
import { taskSummarySql } from './summary-json';
import { OPEN_KEY, taskFrom, type SignalParams } from './task-query';

/** A list row's place in the list order (see LIST_KEY), for cursors. */
interface ListKey {
  key_open: string;
  key_deadline: string;
  code: string;
}

/**
 * The list order: overdue first (earliest open deadline), then due soon and the rest, closed tasks last
 * (no open deadline), by deadline, then code (unique, so the order is total). NULLs read as 'infinity' so
 * the order is a row value the index ix_task_list_order walks, forwards or backwards.
 */
export const LIST_KEY = [OPEN_KEY, `COALESCE(t.deadline, 'infinity'::date)`, 't.code'] as const;
const keyOf = (direction: 'ASC' | 'DESC') => LIST_KEY.map((part) => `${part} ${direction}`).join(', ');

interface Cursor {
  /** The row the page starts after (next) or ends before (prev). */
  key: [string, string, string];
  direction: 'next' | 'prev';
}

export function encodeCursor(row: ListKey, direction: Cursor['direction']): string {
  return Buffer.from(
    JSON.stringify([direction === 'next' ? 'n' : 'p', row.key_open, row.key_deadline, row.code]),
  ).toString('base64url');
}

const DATE_KEY = /^(\d{4}-\d{2}-\d{2}|infinity)$/;

export function decodeCursor(cursor: string): Cursor {
  try {
    const [direction, open, deadline, code] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      (direction === 'n' || direction === 'p') &&
      DATE_KEY.test(open) &&
      DATE_KEY.test(deadline) &&
      typeof code === 'string' &&
      code.length <= 30
    )
      return { key: [open, deadline, code], direction: direction === 'n' ? 'next' : 'prev' };
  } catch {
    /* below */
  }
  throw new AppError(ErrorCode.Validation, '翻页参数无效，请回到第一页重新查询');
}

/** The page's items as one JSON array, from its rows' texts. */
export const itemsOf = (rows: ItemRow[]) => `[${rows.map((row) => row.item).join(',')}]`;

/** A page row: the item's JSON text (summary-json.ts) beside the columns the page is ordered by. */
export interface ItemRow {
  item: string;
}

/**
 * A page of rows and the list's total in one statement (one round trip: on this class of server a round
 * trip to PostgreSQL costs more than a page of rows). `rows`: a SELECT with an `item` column (JSON as text)
 * and the columns of `order` (over alias `p`); `counted`: SQL for the total from the counters (NULL when
 * they cannot answer), else the rows of `from` (built into the given parameters) are counted up to the cap.
 * The capped count is in the statement only when no counter answers: planning it beside the counters cost
 * as much as reading them. Counters that are not fresh (a clock set back) answer NULL and the capped count
 * follows in a second statement. An empty page still carries its total (the rows join one row).
 */
export async function pageWithTotal<Row extends ItemRow>(
  query: ReadQuery,
  params: SqlParams,
  page: {
    rows: string;
    order: string;
    from: (params: SqlParams) => string;
    counted?: string | null;
    /** Its plan depends on the values: planned for them on every run (ContextClient). */
    customPlan?: boolean;
  },
): Promise<{ rows: Row[]; total: number; totalCapped: boolean }> {
  const total = page.counted ?? cappedCountSql(page.from(params));
  const result = await query<Row & { total: number | null }>(
    `SELECT ${total} AS total, p.* FROM (SELECT) one LEFT JOIN LATERAL (${page.rows}) p ON true ORDER BY ${page.order}`,
    params.values,
    { customPlan: page.customPlan },
  );
  const rows = result[0].item === null ? [] : result;
  if (!page.counted) return { rows, ...cappedTotal(result[0].total ?? 0) };
  if (result[0].total !== null) return { rows, total: result[0].total, totalCapped: false };
  const count = new SqlParams();
  const [fallback] = await query<{ total: number }>(
    `SELECT ${cappedCountSql(page.from(count))} AS total`,
    count.values,
  );
  return { rows, ...cappedTotal(fallback.total) };
}

/** The task columns a page is cut from (alias `t`), before its rows get their signals and assignments. */
const PAGE_COLUMNS = `t.id, t.code, t.title, t.document_id, t.measure_id, t.deadline, t.ongoing, t.report_cycle,
                      t.status, t.version, t.created_at, t.rollup_progress, t.open_deadline, t.behind_from,
                      t.start_date, t.late_from_start, t.assignment_briefs`;

/**
 * A page and its capped total from one scan of the matching rows, for a text search: the character-pair
 * index finds the candidates as a bitmap, which the count and the page each had to build and recheck (a
 * two-character search in a common word reads thousands of rows). The matches' keys, up to the cap, are
 * kept once; the count reads them and the page is cut from them (then only its rows are read); beyond the
 * cap the page is cut from the task rows as usual (only that branch runs). `matched`: `FROM …` of every
 * match; `from`: the same within the keyset `bound` (conditions on `t`'s list keys, which the kept keys
 * carry too); `rows(source, limited)`: the page's SELECT over a `FROM …` with alias `t`, ordered and cut
 * by `limit` unless the source is cut already.
 */
async function matchedPage<Row extends ItemRow>(
  query: ReadQuery,
  params: SqlParams,
  page: {
    matched: string;
    from: string;
    rows: (source: string, limited?: boolean) => string;
    bound: string[];
    limit: string;
    order: string;
  },
): Promise<{ rows: Row[]; total: number; totalCapped: boolean }> {
  const within = page.bound.length ? `WHERE ${page.bound.join(' AND ')}` : '';
  const kept = `FROM (SELECT t.id FROM matched t ${within} ${page.limit}) k JOIN task t ON t.id = k.id`;
  const result = await query<Row & { total: number }>(
    `WITH matched AS MATERIALIZED (SELECT t.id, t.open_deadline, t.deadline, t.code ${page.matched} LIMIT ${TOTAL_CAP + 1}),
          counted AS (SELECT count(*)::int AS total FROM matched)
     SELECT counted.total, p.* FROM counted LEFT JOIN LATERAL (
       SELECT * FROM (${page.rows(kept, false)}) kept WHERE counted.total <= ${TOTAL_CAP}
       UNION ALL
       SELECT * FROM (${page.rows(page.from)}) cut WHERE counted.total > ${TOTAL_CAP}) p ON true
     ORDER BY ${page.order}`,
    params.values,
    { customPlan: true },
  );
  return { rows: result[0].item === null ? [] : result, ...cappedTotal(result[0].total) };
}

/** A list row: the task summary's JSON text (with its assignments) and its place in the list order. */
interface LedgerRow extends ItemRow, ListKey {}

export interface LedgerPage {
  /** The page's summaries as a JSON array (daysLeft still to count: withToday). */
  items: string;
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * One page of the list. With a cursor: the rows after (or before) it, an index walk of about the page
 * whatever the depth. Without: page number and OFFSET, allowed only within the first TOTAL_CAP rows.
 */
export async function taskLedgerPage(
  dataSource: DataSource,
  read: ReadQuery,
  scope: Scope,
  query: TaskListQuery,
  signals: SignalParams,
): Promise<LedgerPage> {
  const { page, pageSize, cursor: token, ...filters } = query;
  const cursor = token ? decodeCursor(token) : null;
  const offset = cursor ? 0 : (page - 1) * pageSize;
  if (offset >= TOTAL_CAP)
    throw new AppError(
      ErrorCode.Validation,
      `页码过大：请用“下一页”翻页，或缩小筛选范围（最多直接跳到第 ${TOTAL_CAP} 条）`,
    );

  const params = new SqlParams();
  const counted = await counterTotalSql(dataSource, scope, filters, signals, params);
  const backwards = cursor?.direction === 'prev';
  const bound = cursor
    ? [
        `(${LIST_KEY.join(', ')}) ${backwards ? '<' : '>'} (${params.add(cursor.key[0])}::date, ${params.add(cursor.key[1])}::date, ${params.add(cursor.key[2])})`,
      ]
    : [];
  const from = taskFrom(scope, filters, signals, params, bound);
  const item = taskSummarySql(signals, params, 'brief');
  // One row beyond the page tells whether another page follows in the walking direction.
  const limit = `ORDER BY ${keyOf(backwards ? 'DESC' : 'ASC')}
                 LIMIT ${params.add(pageSize + 1)} OFFSET ${params.add(offset)}`;
  const rowsOf = (source: string, limited = true) =>
    `SELECT ${item}::text AS item, ${LIST_KEY[0]}::text AS key_open, ${LIST_KEY[1]}::text AS key_deadline, t.code
       FROM (SELECT ${PAGE_COLUMNS} ${source} ${limited ? limit : ''}) t`;
  const order = 'p.key_open, p.key_deadline, p.code';
  const { rows, ...total } =
    !counted && filters.q
      ? await matchedPage<LedgerRow>(read, params, {
          matched: taskFrom(scope, filters, signals, params),
          from,
          rows: rowsOf,
          bound,
          limit,
          order,
        })
      : await pageWithTotal<LedgerRow>(read, params, {
          rows: rowsOf(from),
          order,
          from: (into) => taskFrom(scope, filters, signals, into),
          counted,
          // One text for every scope, from a county's to the province's (see CustomPlanQuery).
          customPlan: true,
        });
  const more = rows.length > pageSize;
  if (more) rows.splice(backwards ? 0 : pageSize, 1);
  const atStart = backwards ? !more : !cursor && page === 1;
  const atEnd = backwards ? false : !more;
  return {
    items: itemsOf(rows),
    ...total,
    nextCursor: rows.length && !atEnd ? encodeCursor(rows[rows.length - 1], 'next') : null,
    prevCursor: rows.length && !atStart ? encodeCursor(rows[0], 'prev') : null,
  };
}
