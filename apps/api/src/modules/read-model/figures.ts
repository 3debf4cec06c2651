import type { Light } from '@duban/contracts';
import { SqlParams } from '../../common/sql-params';
import type { Db } from '../../database/prepared';
import { pathWithinSql, type Scope } from '../units/jurisdiction';
import { signalSql, type SignalParams, type TaskFilters } from './task-query';

// Figures read from the counters the database keeps on write (migration FigureCounters): a sum over a few
// rows per scope unit instead of a scan of the scope's tasks. Each answer is exact: it is the sum of the
// compacted counter and the deltas not yet compacted, read in one statement (one snapshot). A figure whose
// filters the counters do not carry (text search, deadline range, a unit's own assignment, a unit user's
// own-unit scope, a region beside the caller's jurisdiction) returns null and the caller runs the SQL on the
// task rows, which counts the same rows.

/** The scope unit that stands for "everything" and the document that stands for "all documents". */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** The document that stands for "tasks with a behind_from, keyed by it" (migration FigureCounters). */
const BEHIND_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** How often a process compacts the deltas (one compactor at a time across processes). */
const COMPACT_EVERY_MS = 5_000;
let lastCompaction = 0;

/**
 * Moves the deltas into the counters and folds past days, at most every few seconds per process and never
 * in the request's way (the read does not wait for it; a failure only postpones it).
 */
export function compactSoon(db: Db, today: string): void {
  const now = Date.now();
  if (now - lastCompaction < COMPACT_EVERY_MS) return;
  lastCompaction = now;
  db.query('SELECT duban_compact_figures($1::date)', [today]).catch(() => {
    lastCompaction = 0;
  });
}

/** Compacts now (tests and jobs); returns the delta rows moved, -1 when another compactor runs. */
export async function compactFigures(db: Db, today: string): Promise<number> {
  const [{ moved }] = await db.query('SELECT duban_compact_figures($1::date) AS moved', [today]);
  return moved;
}

/**
 * The counter key that answers the scope and the region filter: the deeper of the two when one lies within
 * the other (a task in the deeper one's subtree is in both), NIL_UUID for everything; null when they are
 * disjoint or the scope is a unit user's own unit (neither is a counter key).
 */
export async function scopeKey(db: Db, scope: Scope, regionId?: string): Promise<string | null> {
  if (scope.ownUnitOnly) return null;
  if (!regionId) return scope.unitId ?? NIL_UUID;
  if (!scope.unitId || scope.unitId === regionId) return regionId;
  const rows: { key: string | null }[] = await db.query(
    `SELECT CASE WHEN ${pathWithinSql('r.path', 's.path')} THEN r.id WHEN ${pathWithinSql('s.path', 'r.path')} THEN s.id END AS key
       FROM unit r, unit s WHERE r.id = $1 AND s.id = $2`,
    [regionId, scope.unitId],
  );
  return rows[0]?.key ?? null;
}

/** SQL: the counters still tell today's dates apart (a clock set back before the folded days: false). */
function freshSql(signals: SignalParams, params: SqlParams): string {
  return `(SELECT clamped_before <= ${params.add(signals.today)}::date FROM figure_watermark)`;
}

/** True when the counters carry every filter (task-level signals, status, document, region). */
function counterFilters(filters: TaskFilters): boolean {
  if (filters.q || filters.deadlineFrom || filters.deadlineTo || filters.unitId) return false;
  // The behind_from family is not split by document, and the yellow light needs it.
  return !(filters.documentId && filters.light);
}

/**
 * `FROM (…) t` over the counter rows of the key (the document's family, or every task's), with the filters
 * as predicates on the task-level columns (the same signalSql the task list uses), or null when the counters
 * cannot answer. Rows `t.n`, `t.status`, `t.open_deadline`, `t.on_time`. These families hold no
 * behind_from, so signalSql's light on them is red, yellow by deadline, or green; the tasks yellow by
 * 序时进度 alone (behind_from <= today, deadline beyond the due-soon bound) come from the behind family and
 * move from green to yellow. The caller also selects freshSql (false when compaction has folded days the
 * read's today still tells apart: it then uses the SQL).
 */
async function counterFrom(
  db: Db,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  params: SqlParams,
): Promise<string | null> {
  if (!counterFilters(filters)) return null;
  const key = await scopeKey(db, scope, filters.regionId);
  if (!key) return null;
  const scopeUnit = params.add(key);
  const sql = signalSql(signals, params);
  const where = ['true'];
  if (filters.status) where.push(`status = ${params.add(filters.status)}`);
  if (filters.overdue !== undefined) where.push(filters.overdue ? sql.overdue : `NOT ${sql.overdue}`);
  if (filters.dueSoon !== undefined) where.push(filters.dueSoon ? sql.dueSoon : `NOT ${sql.dueSoon}`);
  const rows = (document: string, extra: string[], sign = '') =>
    ['figure_task', 'figure_task_delta']
      .map(
        (table) =>
          `SELECT status, open_deadline, behind_from, on_time, ${sign}n AS n FROM ${table} t
            WHERE scope_unit = ${scopeUnit}::uuid AND document_id = ${document}::uuid AND ${[...where, ...extra].join(' AND ')}`,
      )
      .join(' UNION ALL ');
  const families = [
    rows(
      params.add(filters.documentId ?? NIL_UUID),
      filters.light ? [`${sql.light} = ${params.add(filters.light)}`] : [],
    ),
  ];
  if (filters.light === 'yellow' || filters.light === 'green')
    families.push(rows(`'${BEHIND_UUID}'`, [behindOnlySql(sql)], filters.light === 'green' ? '-' : ''));
  return `FROM (${families.join(' UNION ALL ')}) t`;
}

/** SQL on behind-family rows: yellow by 序时进度 alone (not overdue, not due soon by deadline). */
const behindOnlySql = (sql: ReturnType<typeof signalSql>) =>
  `t.behind_from <= ${sql.today} AND t.open_deadline > ${sql.until}`;

/**
 * SQL for the number of visible tasks matching the filters from the counters (NULL when they are not fresh),
 * or null when the counters cannot answer (the caller counts the rows). The task list's total and every
 * card read the counters, so they agree; the list puts this beside its page in one statement.
 */
export async function counterTotalSql(
  db: Db,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  params: SqlParams,
): Promise<string | null> {
  const from = await counterFrom(db, scope, filters, signals, params);
  if (!from) return null;
  return `(SELECT CASE WHEN ${freshSql(signals, params)} THEN COALESCE(sum(t.n), 0)::int END ${from})`;
}

export interface CounterOverview {
  total: number;
  completed: number;
  inProgress: number;
  overdue: number;
  dueSoon: number;
  onTime: number;
}

/** The overview's counts from the counters, or null (see counterTotalSql). */
export async function counterOverview(
  db: Db,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<CounterOverview | null> {
  if (filters.light) return null;
  const params = new SqlParams();
  const from = await counterFrom(db, scope, filters, signals, params);
  if (!from) return null;
  const sql = signalSql(signals, params);
  const rows: (CounterOverview & { fresh: boolean })[] = await db.query(
    `SELECT ${freshSql(signals, params)} AS fresh,
            COALESCE(sum(t.n), 0)::int AS total,
            COALESCE(sum(t.n) FILTER (WHERE t.status = 'completed'), 0)::int AS completed,
            COALESCE(sum(t.n) FILTER (WHERE t.status = 'in_progress'), 0)::int AS "inProgress",
            COALESCE(sum(t.n) FILTER (WHERE ${sql.overdue}), 0)::int AS overdue,
            COALESCE(sum(t.n) FILTER (WHERE ${sql.dueSoon}), 0)::int AS "dueSoon",
            COALESCE(sum(t.n) FILTER (WHERE t.on_time), 0)::int AS "onTime"
       ${from}`,
    params.values,
  );
  const [{ fresh, ...counts }] = rows;
  return fresh ? counts : null;
}

/** Tasks per traffic light from the counters, or null (see counterTotalSql). */
export async function counterLights(
  db: Db,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<Record<Light, number> | null> {
  if (filters.documentId || filters.light) return null;
  const params = new SqlParams();
  const from = await counterFrom(db, scope, filters, signals, params);
  const behind = await counterFrom(db, scope, { ...filters, light: 'yellow' }, signals, params);
  if (!from || !behind) return null;
  const sql = signalSql(signals, params);
  // The yellow-light rows also hold the behind family's: yellow minus the deadline-yellow is behind only.
  const [row]: ({ fresh: boolean } & Record<Light | 'deadlineYellow', number>)[] = await db.query(
    `SELECT ${freshSql(signals, params)} AS fresh, l.red, l."deadlineYellow", l.green,
            (SELECT COALESCE(sum(t.n), 0)::int ${behind}) AS yellow
       FROM (SELECT COALESCE(sum(t.n) FILTER (WHERE ${sql.light} = 'red'), 0)::int AS red,
                    COALESCE(sum(t.n) FILTER (WHERE ${sql.light} = 'yellow'), 0)::int AS "deadlineYellow",
                    COALESCE(sum(t.n) FILTER (WHERE ${sql.light} = 'green'), 0)::int AS green
               ${from}) l`,
    params.values,
  );
  if (!row.fresh) return null;
  return { red: row.red, yellow: row.yellow, green: row.green - (row.yellow - row.deadlineYellow) };
}

/**
 * How a ranking (units, documents) is sorted and paged; ties go by the name (the database's collation, as
 * every list: an ICU sort of 6,000 titles cost about 50 ms more at 1M), then the id.
 */
export interface RankingSort {
  by: 'title' | 'completionRate' | 'overdue' | 'total';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** A ranked unit or document: its id, name and counts. */
export interface Ranked {
  id: string;
  name: string;
  total: number;
  completed: number;
  overdue: number;
  completionRate: number;
}

const RANK_KEYS: Record<RankingSort['by'], string> = {
  title: 'r.name',
  completionRate: 'r.rate',
  overdue: 'r.overdue',
  total: 'r.total',
};

/**
 * One page of `rows` (SQL yielding id, name, total, completed, overdue: one row per ranked unit or document)
 * in the requested sort, and how many rows there are, in one statement; null when `fresh` (SQL) is false.
 * The rows are summed once (a CTE read twice), so a page costs the sum over the scope's counter rows and a
 * sort of a few thousand, not a scan; only the page travels. The rate is the percentage with one decimal,
 * as the overview's, and the sort uses that same rounded figure. A kept ranking passes the candidates only
 * (the rows that can reach the page), the CTEs they read (`ctes`) and the SQL for the number of rows.
 */
export async function rankingPage(
  db: Db,
  rows: string,
  sort: RankingSort,
  params: SqlParams,
  fresh = 'true',
  kept?: { ctes: string; count: string },
): Promise<{ items: Ranked[]; total: number } | null> {
  const after = params.add((sort.page - 1) * sort.pageSize);
  const upTo = params.add(sort.page * sort.pageSize);
  const result: ({ fresh: boolean; count: number } & Ranked)[] = await db.query(
    `WITH ${kept ? `${kept.ctes},` : ''} ranked AS (
       SELECT r.*, row_number() OVER (ORDER BY ${RANK_KEYS[sort.by]} ${sort.order === 'asc' ? 'ASC' : 'DESC'},
                                               r.name, r.id) AS place
         FROM (SELECT s.id, s.name, s.total, s.completed, s.overdue,
                      COALESCE(round(s.completed * 100.0 / NULLIF(s.total, 0), 1), 0)::float8 AS rate
                 FROM (${rows}) s) r)
     SELECT ${fresh} AS fresh, ${kept ? kept.count : '(SELECT count(*)::int FROM ranked)'} AS count,
            p.id, p.name, p.total, p.completed, p.overdue, p.rate AS "completionRate"
       FROM (VALUES (1)) one LEFT JOIN ranked p ON p.place > ${after} AND p.place <= ${upTo}
      ORDER BY p.place`,
    params.values,
  );
  const [{ fresh: isFresh, count }] = result;
  if (!isFresh) return null;
  return {
    total: count,
    items: result.filter((row) => row.id).map(({ fresh: _f, count: _c, ...row }) => row),
  };
}

/** SQL: the kept ranks stand for `today` (a parameter): compacted and ranked as of that day. */
const ranksFreshSql = (today: string) =>
  `(SELECT clamped_before = ${today}::date FROM figure_watermark)
       AND (SELECT ranked_on = ${today}::date FROM figure_rank_day)`;

/**
 * SQL on a unit path: it lies in the key's subtree ('true' for everything), i.e. it holds the key's id (paths
 * are '/'-joined ids of a fixed length). A pattern the planner reads with the parameter's value, so it
 * expects the subtree's size: a province walks a rank index's order for the page (the root's path, an init
 * plan, looked like a handful of rows: a scan and a sort of every rank row).
 */
function insideKeySql(key: string, params: SqlParams): (path: string) => string {
  if (key === NIL_UUID) return () => 'true';
  const pattern = params.add(`%${key}%`);
  return (path) => `${path} LIKE ${pattern}`;
}

/** A ranking kept by the compactor (migration RankingPages): its table, row key and name column. */
interface KeptRanking {
  table: 'figure_unit_rank' | 'figure_document_rank';
  id: 'unit_id' | 'document_id';
  name: 'name' | 'title';
}

/**
 * One page of a kept ranking, or null when the ranks do not stand for the read's today (the day's first
 * compaction has not run yet, or a clock set back) or the scope is not ranked (`ranked`, SQL): the caller
 * sums the counters. The ranks are exact for every row the deltas not yet compacted leave alone; the rows
 * they touch (`moved`: rank plus deltas, a few) are computed here. The page's candidates are the first rows of the rank table in the sort's index order,
 * as many as reach the page's end, skipping the moved rows, plus the moved rows: whatever the deltas do, the
 * page's rows are among them. `deltas` yields (id, total, completed, overdue) per touched row; `within`
 * restricts rank rows `k` to the scope; `moved` yields (id, name, total, completed, overdue).
 */
async function keptRankingPage(
  db: Db,
  ranking: KeptRanking,
  sql: { deltas: string; moved: string; within: string; ranked?: string },
  sort: RankingSort,
  params: SqlParams,
  today: string,
): Promise<{ items: Ranked[]; total: number } | null> {
  const column = { title: ranking.name, completionRate: 'rate', overdue: 'overdue', total: 'total' }[sort.by];
  const upTo = params.add(sort.page * sort.pageSize);
  const kept = `FROM ${ranking.table} k WHERE ${sql.within} AND k.${ranking.id} NOT IN (SELECT id FROM d)`;
  return rankingPage(
    db,
    `(SELECT k.${ranking.id} AS id, k.${ranking.name} AS name, k.total, k.completed, k.overdue ${kept}
       ORDER BY k.${column} ${sort.order === 'asc' ? 'ASC' : 'DESC'}, k.${ranking.name}, k.${ranking.id}
       LIMIT ${upTo})
     UNION ALL SELECT * FROM moved WHERE total > 0`,
    sort,
    params,
    `${ranksFreshSql(today)} AND ${sql.ranked ?? 'true'}`,
    {
      ctes: `d AS (${sql.deltas}), moved AS (${sql.moved})`,
      count: `((SELECT count(*) ${kept}) + (SELECT count(*) FROM moved WHERE total > 0))::int`,
    },
  );
}

/**
 * Per document with tasks in the jurisdiction (and region): tasks, completed and overdue, from figure_document
 * (migration RankingCounters), as a page; null when the counters cannot answer. Membership rows ('infinity')
 * and the markers before today: two ranges after the scope unit, about three rows per document.
 */
export async function counterByDocument(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: RankingSort,
): Promise<{ items: Ranked[]; total: number } | null> {
  const key = await scopeKey(db, scope, filters.regionId);
  if (!key) return null;
  if (!filters.documentId) {
    const page = await keptByDocument(db, key, signals, sort);
    if (page) return page;
  }
  const params = new SqlParams();
  const today = params.add(signals.today);
  const scopeUnit = params.add(key);
  const document = filters.documentId ? `AND document_id = ${params.add(filters.documentId)}::uuid` : '';
  const rowsOf = (table: string) =>
    `SELECT document_id, done, mark, n FROM ${table} WHERE scope_unit = ${scopeUnit}::uuid AND mark = 'infinity' ${document}
     UNION ALL
     SELECT document_id, done, mark, n FROM ${table} WHERE scope_unit = ${scopeUnit}::uuid AND mark < ${today}::date ${document}`;
  return rankingPage(
    db,
    `SELECT d.id, d.title AS name, s.total, s.completed, s.overdue
       FROM (SELECT f.document_id,
                    COALESCE(sum(f.n) FILTER (WHERE f.mark = 'infinity'), 0)::int AS total,
                    COALESCE(sum(f.n) FILTER (WHERE f.mark = 'infinity' AND f.done), 0)::int AS completed,
                    COALESCE(sum(f.n) FILTER (WHERE f.mark < ${today}::date), 0)::int AS overdue
               FROM (${rowsOf('figure_document')} UNION ALL ${rowsOf('figure_document_delta')}) f
              GROUP BY f.document_id HAVING sum(f.n) FILTER (WHERE f.mark = 'infinity') > 0) s
       JOIN policy_document d ON d.id = s.document_id`,
    sort,
    params,
    freshSql(signals, params),
  );
}

/**
 * The unit ranking's counts from figure_unit, as a page: per unit in the jurisdiction (and region) its own
 * assignments that are not returned, the completed ones and the overdue ones. Null when the counters cannot
 * answer.
 */
export async function counterByUnit(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: RankingSort,
): Promise<{ items: Ranked[]; total: number } | null> {
  if (filters.documentId) return null;
  const key = await scopeKey(db, scope, filters.regionId);
  if (!key) return null;
  const kept = await keptByUnit(db, key, signals, sort);
  if (kept) return kept;
  const params = new SqlParams();
  const today = params.add(signals.today);
  const within = withinKeySql(key, params);
  // Membership rows ('infinity') and the markers before today: two ranges at the head of the key.
  const rowsOf = (table: string) =>
    `SELECT unit_id, done, live_deadline, n FROM ${table} WHERE live_deadline = 'infinity'
     UNION ALL SELECT unit_id, done, live_deadline, n FROM ${table} WHERE live_deadline < ${today}::date`;
  return rankingPage(
    db,
    `SELECT f.unit_id AS id, u.name,
            COALESCE(sum(f.n) FILTER (WHERE f.live_deadline = 'infinity'), 0)::int AS total,
            COALESCE(sum(f.n) FILTER (WHERE f.live_deadline = 'infinity' AND f.done), 0)::int AS completed,
            COALESCE(sum(f.n) FILTER (WHERE f.live_deadline < ${today}::date), 0)::int AS overdue
       FROM (${rowsOf('figure_unit')} UNION ALL ${rowsOf('figure_unit_delta')}) f
       JOIN unit u ON u.id = f.unit_id ${within}
      GROUP BY f.unit_id, u.name HAVING sum(f.n) FILTER (WHERE f.live_deadline = 'infinity') > 0`,
    sort,
    params,
    freshSql(signals, params),
  );
}

/** The documents' page from figure_document_rank (the key's rows), or null (see keptRankingPage). */
function keptByDocument(db: Db, key: string, signals: SignalParams, sort: RankingSort) {
  const params = new SqlParams();
  const today = params.add(signals.today);
  const scopeUnit = params.add(key);
  return keptRankingPage(
    db,
    { table: 'figure_document_rank', id: 'document_id', name: 'title' },
    {
      deltas: `SELECT document_id AS id,
                      COALESCE(sum(n) FILTER (WHERE mark = 'infinity'), 0)::int AS total,
                      COALESCE(sum(n) FILTER (WHERE mark = 'infinity' AND done), 0)::int AS completed,
                      COALESCE(sum(n) FILTER (WHERE mark < ${today}::date), 0)::int AS overdue
                 FROM figure_document_delta WHERE scope_unit = ${scopeUnit}::uuid GROUP BY document_id`,
      moved: `SELECT d.id, p.title AS name, COALESCE(k.total, 0) + d.total AS total,
                     COALESCE(k.completed, 0) + d.completed AS completed, COALESCE(k.overdue, 0) + d.overdue AS overdue
                FROM d JOIN policy_document p ON p.id = d.id
                LEFT JOIN figure_document_rank k ON k.scope_unit = ${scopeUnit}::uuid AND k.document_id = d.id`,
      within: `k.scope_unit = ${scopeUnit}::uuid`,
      // Ranked scopes only (the jurisdictions): a department's few documents are summed.
      ranked: `EXISTS (SELECT 1 FROM figure_rank_scope WHERE scope_unit = ${scopeUnit}::uuid)`,
    },
    sort,
    params,
    today,
  );
}

/** The unit ranking's page from figure_unit_rank (the units in the key's subtree), or null (see keptRankingPage). */
function keptByUnit(db: Db, key: string, signals: SignalParams, sort: RankingSort) {
  const params = new SqlParams();
  const today = params.add(signals.today);
  const inside = insideKeySql(key, params);
  return keptRankingPage(
    db,
    { table: 'figure_unit_rank', id: 'unit_id', name: 'name' },
    {
      deltas: `SELECT unit_id AS id,
                      COALESCE(sum(n) FILTER (WHERE live_deadline = 'infinity'), 0)::int AS total,
                      COALESCE(sum(n) FILTER (WHERE live_deadline = 'infinity' AND done), 0)::int AS completed,
                      COALESCE(sum(n) FILTER (WHERE live_deadline < ${today}::date), 0)::int AS overdue
                 FROM figure_unit_delta GROUP BY unit_id`,
      moved: `SELECT d.id, u.name, COALESCE(k.total, 0) + d.total AS total,
                     COALESCE(k.completed, 0) + d.completed AS completed, COALESCE(k.overdue, 0) + d.overdue AS overdue
                FROM d JOIN unit u ON u.id = d.id LEFT JOIN figure_unit_rank k ON k.unit_id = d.id
               WHERE ${inside('u.path')}`,
      within: inside('k.path'),
    },
    sort,
    params,
    today,
  );
}

/** SQL joining unit `u` to the key's subtree (nothing for everything). */
const withinKeySql = (key: string, params: SqlParams) =>
  key === NIL_UUID
    ? ''
    : `JOIN unit r ON r.id = ${params.add(key)}::uuid AND ${pathWithinSql('u.path', 'r.path')}`;

/** A unit behind 序时进度 with its shares' figures (counterShares: the gap, NULL without a live deadline). */
export type BehindUnit = {
  unitId: string;
  unitName: string;
  behind: number;
  gap: number | null;
  yellow: number;
};

/**
 * The units in the jurisdiction (and region) with the most live assignments behind 序时进度 today, from
 * figure_behind (migration BehindCounters), with their shares' figures: kept as of the rank day, both in one
 * statement (keptBehind), else a sum over about one row per unit, then counterShares. Null when the counters
 * cannot answer (a document or unit filter, a unit user's scope, a region beside the jurisdiction).
 */
export async function counterBehind(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId' | 'unitId'>,
  signals: SignalParams,
  limit: number,
): Promise<BehindUnit[] | null> {
  if (filters.documentId || filters.unitId) return null;
  const key = await scopeKey(db, scope, filters.regionId);
  if (!key) return null;
  const kept = await keptBehind(db, key, signals, limit);
  if (kept) return kept;
  const params = new SqlParams();
  const today = params.add(signals.today);
  const within = withinKeySql(key, params);
  const rows: { fresh: boolean; unitId: string | null; unitName: string; behind: number }[] = await db.query(
    `SELECT ${freshSql(signals, params)} AS fresh, s.*
       FROM (SELECT f.unit_id AS "unitId", u.name AS "unitName", sum(f.n)::int AS behind
               FROM (SELECT unit_id, n FROM figure_behind WHERE behind_from <= ${today}::date
                     UNION ALL SELECT unit_id, n FROM figure_behind_delta WHERE behind_from <= ${today}::date) f
               JOIN unit u ON u.id = f.unit_id ${within}
              GROUP BY f.unit_id, u.name HAVING sum(f.n) > 0
              ORDER BY behind DESC, u.name, f.unit_id
              LIMIT ${params.add(limit)}) s
      RIGHT JOIN (VALUES (1)) one ON true
      ORDER BY s.behind DESC, s."unitName", s."unitId"`,
    params.values,
  );
  if (!rows[0].fresh) return null;
  const units = rows.filter((row) => row.unitId).map(({ fresh: _fresh, ...row }) => row as BehindUnit);
  const shares = units.length
    ? await counterShares(
        db,
        units.map((unit) => unit.unitId),
        signals,
      )
    : [];
  return units.map((unit) => {
    const figures = shares.find((row) => row.unitId === unit.unitId);
    return { ...unit, gap: figures?.gap ?? null, yellow: figures?.yellow ?? 0 };
  });
}

/**
 * 序时进度 in SQL, as expectedProgress() in contracts: the share of start → deadline elapsed by today,
 * rounded per assignment (duban_expected_progress, migration ShareSums: integer arithmetic).
 */
export const expectedProgressSql = (start: string, deadline: string, today: string) =>
  `duban_expected_progress(${start}, ${deadline}, ${today})`;

type Shares = { unitId: string; gap: number | null; yellow: number }[];

/**
 * For the given units (the cockpit's ten behind), the average gap (序时进度 minus progress) over their live
 * assignments and their yellow tasks: from the sums kept as of the rank day when it is the read's today,
 * else summed over figure_share. The caller has checked that the filters are the counters' (no document or
 * unit filter): then every task of a unit in the scope is visible, so the unit's rows are the drill-down's
 * (tasks?unitId=…&light=yellow counts the unit's non-returned assignments whose task is yellow).
 */
export async function counterShares(db: Db, unitIds: string[], signals: SignalParams): Promise<Shares> {
  return (await keptShares(db, unitIds, signals)) ?? (await summedShares(db, unitIds, signals));
}

/**
 * SQL: the CTEs `dirty` (the tasks changed since the last compaction) and `changed` (their rows as
 * figure_share would hold them, for the units, from the tables: duban_share_rows), for a WITH list. `dirty`
 * is materialized: its scans are parallel-restricted, so the plan stays serial (two workers for a few
 * thousand index-only rows cost 15 ms more at 1M).
 */
const changedSharesSql = (units: string) =>
  `dirty AS MATERIALIZED (SELECT DISTINCT task_id FROM figure_share_dirty),
   changed AS (
     SELECT a.unit_id, t.open_deadline, t.behind_from, t.start_date, a.live_deadline, a.progress
       FROM task t JOIN assignment a ON a.task_id = t.id
      WHERE t.id IN (SELECT task_id FROM dirty) AND a.unit_id = ANY(${units}::uuid[])
        AND t.status = 'in_progress' AND a.status <> 'returned')`;

/** The shares summed: figure_share's rows of the tasks not changed since the last compaction, and `changed`. */
function summedShares(db: Db, unitIds: string[], signals: SignalParams): Promise<Shares> {
  const params = new SqlParams();
  const sql = signalSql(signals, params);
  const units = params.add(unitIds);
  const columns = 'unit_id, open_deadline, behind_from, start_date, live_deadline, progress';
  return db.query(
    `WITH ${changedSharesSql(units)}
     SELECT t.unit_id AS "unitId",
            round(avg(${expectedProgressSql('t.start_date', 't.live_deadline', sql.today)} - t.progress)
              FILTER (WHERE t.live_deadline IS NOT NULL))::int AS gap,
            count(*) FILTER (WHERE ${sql.light} = 'yellow')::int AS yellow
       FROM (SELECT ${columns} FROM figure_share
              WHERE unit_id = ANY(${units}::uuid[]) AND task_id NOT IN (SELECT task_id FROM dirty)
             UNION ALL SELECT ${columns} FROM changed) t
      GROUP BY t.unit_id`,
    params.values,
  );
}

/**
 * SQL: per unit of `units` (SQL, a uuid[]), "unitId", gap and yellow from figure_share_unit (migration
 * ShareSums), the CTEs of changedSharesSql(units) beside it. A unit's kept sums cover figure_share's rows as
 * of the rank day: valid when the ranks stand for the read's today (the caller checks ranksFreshSql). The read
 * takes out the changed tasks' kept rows and adds `changed`, whose light it computes whole. The kept `behind`
 * counts the rows yellow by 序时进度; the rows yellow by the due-soon window alone (not behind) are a range of
 * the unit's open deadlines in figure_share, read here for the unchanged tasks.
 */
function keptSharesSql(units: string, sql: ReturnType<typeof signalSql>): string {
  /** Per-row sums of figure_share rows `t`, times `sign`; `yellow` as SQL on `t`. */
  const figures = (sign: string, yellow: string) =>
    `${sign} AS shares, ${sign} * (t.live_deadline IS NOT NULL)::int AS dated,
     ${sign} * (${expectedProgressSql('t.start_date', 't.live_deadline', sql.today)} - t.progress) AS gap,
     ${sign} * (${yellow})::int AS yellow`;
  return `SELECT f.unit_id AS "unitId", round(sum(f.gap)::numeric / NULLIF(sum(f.dated), 0))::int AS gap,
                 sum(f.yellow)::int AS yellow
            FROM (SELECT unit_id, shares, dated, gap, behind AS yellow FROM figure_share_unit
                   WHERE unit_id = ANY(${units}::uuid[])
                  UNION ALL
                  SELECT t.unit_id, ${figures('-1', `duban_behind_yellow(t.open_deadline, t.behind_from, ${sql.today})`)}
                    FROM figure_share t WHERE t.unit_id = ANY(${units}::uuid[]) AND t.task_id IN (SELECT task_id FROM dirty)
                  UNION ALL
                  SELECT t.unit_id, ${figures('1', `${sql.light} = 'yellow'`)} FROM changed t
                  UNION ALL
                  SELECT t.unit_id, 0, 0, 0, 1 FROM figure_share t
                   WHERE t.unit_id = ANY(${units}::uuid[]) AND ${sql.dueSoon} AND NOT COALESCE(t.behind_from <= ${sql.today}, false)
                     AND t.task_id NOT IN (SELECT task_id FROM dirty)) f
           GROUP BY f.unit_id HAVING sum(f.shares) > 0`;
}

/** The shares from the kept sums (keptSharesSql), or null when the ranks do not stand for the read's today. */
async function keptShares(db: Db, unitIds: string[], signals: SignalParams): Promise<Shares | null> {
  const params = new SqlParams();
  const sql = signalSql(signals, params);
  const units = params.add(unitIds);
  const rows: ({ fresh: boolean } & Shares[number])[] = await db.query(
    `WITH ${changedSharesSql(units)}
     SELECT ${ranksFreshSql(sql.today)} AS fresh, s.*
       FROM (${keptSharesSql(units, sql)}) s
      RIGHT JOIN (VALUES (1)) one ON true`,
    params.values,
  );
  if (!rows[0].fresh) return null;
  return rows.filter((row) => row.unitId).map(({ fresh: _fresh, ...row }) => row);
}

/**
 * The units behind from figure_unit_rank's `behind` (as of the rank day), walked in its index order, plus
 * the units with behind deltas not yet compacted, as keptRankingPage does, and their shares' figures from the
 * kept sums (keptSharesSql), in one statement; null when the ranks do not stand for the read's today.
 */
async function keptBehind(
  db: Db,
  key: string,
  signals: SignalParams,
  limit: number,
): Promise<BehindUnit[] | null> {
  const params = new SqlParams();
  const today = params.add(signals.today);
  const sql = signalSql(signals, params);
  const inside = insideKeySql(key, params);
  const top = params.add(limit);
  const units = '(SELECT array_agg(id) FROM top)';
  const rows: ({ fresh: boolean } & BehindUnit)[] = await db.query(
    `WITH d AS (
       SELECT unit_id AS id, COALESCE(sum(n) FILTER (WHERE behind_from <= ${today}::date), 0)::int AS behind
         FROM figure_behind_delta GROUP BY unit_id
     ), moved AS (
       SELECT d.id, u.name, COALESCE(k.behind, 0) + d.behind AS behind
         FROM d JOIN unit u ON u.id = d.id LEFT JOIN figure_unit_rank k ON k.unit_id = d.id
        WHERE ${inside('u.path')}
     ), top AS (
       SELECT * FROM ((SELECT k.unit_id AS id, k.name, k.behind FROM figure_unit_rank k
                        WHERE k.behind > 0 AND ${inside('k.path')} AND k.unit_id NOT IN (SELECT id FROM d)
                        ORDER BY k.behind DESC, k.name, k.unit_id LIMIT ${top})
                       UNION ALL SELECT * FROM moved WHERE behind > 0) c
        ORDER BY c.behind DESC, c.name, c.id LIMIT ${top}
     ), ${changedSharesSql(units)}
     SELECT ${ranksFreshSql(today)} AS fresh,
            s.id AS "unitId", s.name AS "unitName", s.behind, h.gap, COALESCE(h.yellow, 0) AS yellow
       FROM (top s LEFT JOIN (${keptSharesSql(units, sql)}) h ON h."unitId" = s.id)
      RIGHT JOIN (VALUES (1)) one ON true
      ORDER BY s.behind DESC, s.name, s.id`,
    params.values,
  );
  if (!rows[0].fresh) return null;
  return rows.filter((row) => row.unitId).map(({ fresh: _fresh, ...row }) => row);
}

export interface DayRollup {
  periodStart: string;
  created: number;
  completed: number;
  completedOnTime: number;
  newOverdue: number;
  /** Tasks started and completed up to the period's end (for the cumulative completion rate). */
  createdToDate: number;
  completedToDate: number;
}

/**
 * The trend from the daily rollup (figure_day), per day, week (from Monday) or month: null when the counters
 * cannot answer (a document filter, a unit user's scope, a region beside the jurisdiction).
 */
export async function counterTrend(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  range: { from: string; to: string; interval: 'day' | 'week' | 'month' },
): Promise<DayRollup[] | null> {
  if (filters.documentId) return null;
  const key = await scopeKey(db, scope, filters.regionId);
  if (!key) return null;
  const params = new SqlParams();
  const scopeUnit = params.add(key);
  const columns = 'day, created, completed, on_time, new_overdue';
  return db.query(
    trendSql(
      `SELECT ${columns} FROM figure_day WHERE scope_unit = ${scopeUnit}::uuid
       UNION ALL SELECT ${columns} FROM figure_day_delta WHERE scope_unit = ${scopeUnit}::uuid`,
      signals,
      range,
      params,
    ),
    params.values,
  );
}

/**
 * The trend over `days` (SQL yielding day, created, completed, on_time, new_overdue): days summed into
 * periods (the whole history, for the running totals), then the periods of the range.
 */
export function trendSql(
  days: string,
  signals: SignalParams,
  range: { from: string; to: string; interval: 'day' | 'week' | 'month' },
  params: SqlParams,
): string {
  const interval = params.add(range.interval);
  const start = params.add(range.from);
  const end = params.add(range.to);
  const today = params.add(signals.today);
  return `WITH period_sum AS (
       SELECT date_trunc(${interval}, day)::date AS start, sum(created) AS created, sum(completed) AS completed,
              sum(on_time) AS on_time, COALESCE(sum(new_overdue) FILTER (WHERE day <= ${today}::date), 0) AS new_overdue
         FROM (${days}) f
        GROUP BY 1
     ), running AS (
       SELECT *, sum(created) OVER w AS created_to_date, sum(completed) OVER w AS completed_to_date
         FROM period_sum WINDOW w AS (ORDER BY start)
     )
     SELECT to_char(p, 'YYYY-MM-DD') AS "periodStart",
            COALESCE(r.created, 0)::int AS created, COALESCE(r.completed, 0)::int AS completed,
            COALESCE(r.on_time, 0)::int AS "completedOnTime", COALESCE(r.new_overdue, 0)::int AS "newOverdue",
            COALESCE(b.created_to_date, 0)::int AS "createdToDate",
            COALESCE(b.completed_to_date, 0)::int AS "completedToDate"
       FROM generate_series(date_trunc(${interval}, ${start}::date), date_trunc(${interval}, ${end}::date),
                            ('1 ' || ${interval})::interval) p
       LEFT JOIN running r ON r.start = p::date
       LEFT JOIN LATERAL (SELECT created_to_date, completed_to_date FROM running
                           WHERE running.start <= p::date ORDER BY running.start DESC LIMIT 1) b ON true
      ORDER BY p`;
}
