// The supervisor's 待办, read across the workflow tables in set-based SQL. The counts (the menu badge, on every
// page) come from counters kept on write (migration InboxTally: per unit × kind, summed over the jurisdiction's
// units; overdue from figure_unit), so they cost the number of units, not the number of reports waiting (467,593
// at 1M). A list page takes its total from the same counts, and its rows from the scope's units (a narrow
// scope) or from the kind's own index in the page's order (a broad one: see walkedSource).
import type { InboxCounts, InboxItem, InboxKind, InboxPage } from '@duban/contracts';
import { assertPageWithinCap } from '../../common/capped-total';
import { SqlParams } from '../../common/sql-params';
import type { Db } from '../../database/prepared';
import type { Scope } from '../units/jurisdiction';

/**
 * SQL to add to the ON clause of unit `u`: it lies in the scope's subtree ('' for everything). A unit's path
 * is its ancestors' ids and its own joined by '/', each of one length, so holding the root's id is lying
 * under it: one constant pattern per row, where matching each path to the root's cost 5 ms per 2,233 units.
 */
function withinSql(scope: Scope, params: SqlParams): string {
  return scope.unitId ? `AND ${withinPredicate(scope, params)}` : '';
}

function withinPredicate(scope: Scope, params: SqlParams): string {
  return scope.unitId ? `u.path LIKE ${params.add(`%${scope.unitId}%`)}` : 'true';
}

/**
 * FROM … WHERE for one kind of 待办, over assignment `a`, task `t`, unit `u` (and report `r` / request `e`),
 * driven from the scope's units: for a narrow scope, whose units hold few assignments.
 */
function source(kind: InboxKind, scope: Scope, today: string, params: SqlParams): string {
  const base = `JOIN task t ON t.id = a.task_id AND t.status = 'in_progress' JOIN unit u ON u.id = a.unit_id ${withinSql(scope, params)}`;
  switch (kind) {
    case 'reports':
      return `FROM progress_report r JOIN assignment a ON a.id = r.assignment_id ${base} WHERE r.status = 'submitted'`;
    case 'extensions':
      return `FROM extension_request e JOIN assignment a ON a.id = e.assignment_id ${base} WHERE e.status = 'pending'`;
    case 'completions':
      return `FROM assignment a ${base} WHERE a.status = 'completion_requested'`;
    case 'overdue':
      // live_deadline: the deadline of open work in a task in progress (figure_unit counts the same).
      return `FROM assignment a ${base} WHERE a.live_deadline < ${params.add(today)}::date`;
  }
}

/**
 * The same rows for a broad scope, as `FROM … WHERE` over the kind's own row alone (`r`, `e` or `a`), so the
 * page walks the kind's index in its order: the task's state and the unit's place are one lookup per row in a
 * scalar subquery, which the planner cannot turn into a join driven from the scope's units (it expected a
 * dozen of them; a province has 2,233 and a million assignments under them: 6 s for a page).
 */
function walkedSource(kind: InboxKind, scope: Scope, today: string, params: SqlParams): string {
  const live = (assignmentId: string) =>
    `(SELECT true FROM assignment ia JOIN task t ON t.id = ia.task_id AND t.status = 'in_progress'
        JOIN unit u ON u.id = ia.unit_id ${withinSql(scope, params)} WHERE ia.id = ${assignmentId})`;
  const placed = () =>
    scope.unitId ? `(SELECT true FROM unit u WHERE u.id = a.unit_id ${withinSql(scope, params)})` : 'true';
  switch (kind) {
    case 'reports':
      return `FROM progress_report r WHERE r.status = 'submitted' AND ${live('r.assignment_id')}`;
    case 'extensions':
      return `FROM extension_request e WHERE e.status = 'pending' AND ${live('e.assignment_id')}`;
    case 'completions':
      return `FROM assignment a WHERE a.status = 'completion_requested' AND ${live('a.id')}`;
    case 'overdue':
      return `FROM assignment a WHERE a.live_deadline < ${params.add(today)}::date AND ${placed()}`;
  }
}

/** A page row's alias, and the joins from it to its assignment `a`, task `t` and unit `u`. */
const ROW: Record<InboxKind, { alias: string; joins: string }> = {
  reports: { alias: 'r', joins: 'JOIN assignment a ON a.id = r.assignment_id' },
  extensions: { alias: 'e', joins: 'JOIN assignment a ON a.id = e.assignment_id' },
  completions: { alias: 'a', joins: '' },
  overdue: { alias: 'a', joins: '' },
};

/** The most rows a walked page may expect to read before its last row (beyond it the scope drives). */
const WALK_ROWS = 20_000;

const COLUMNS: Record<InboxKind, string> = {
  reports: `r.id, r.content AS text, r.progress, NULL AS requested_deadline, r.created_at AS at`,
  extensions: `e.id, e.reason AS text, NULL::int AS progress, to_char(e.requested_deadline, 'YYYY-MM-DD') AS requested_deadline, e.created_at AS at`,
  completions: `a.id, a.completion_summary AS text, a.progress, NULL AS requested_deadline, a.updated_at AS at`,
  overdue: `a.id, NULL AS text, a.progress, NULL AS requested_deadline, a.updated_at AS at`,
};

const ORDER: Record<InboxKind, string> = {
  reports: 'r.created_at, r.id',
  extensions: 'e.created_at, e.id',
  completions: 'a.updated_at, a.id',
  overdue: 'a.live_deadline, a.id',
};

/** How often a process folds the tally's deltas (a read sums the rest; any process may fold). */
const FOLD_EVERY_MS = 5_000;
let lastFold = 0;

/** Folds the tally's deltas at most every few seconds per process, never in the request's way. */
function foldSoon(db: Db): void {
  const now = Date.now();
  if (now - lastFold < FOLD_EVERY_MS) return;
  lastFold = now;
  db.query('SELECT duban_fold_inbox()').catch(() => {
    lastFold = 0;
  });
}

/**
 * The counts from the tally (folded and not yet folded rows, one snapshot) and overdue from figure_unit; when
 * the figure counters are not fresh (a clock set back before their folded days), overdue is counted on the rows.
 */
export async function inboxCounts(db: Db, scope: Scope, today: string): Promise<InboxCounts> {
  foldSoon(db);
  const params = new SqlParams();
  const day = `${params.add(today)}::date`;
  const markers = (table: string) => `SELECT unit_id, n FROM ${table} WHERE live_deadline < ${day}`;
  const sum = (kind: string) => `COALESCE(sum(w.n) FILTER (WHERE w.kind = '${kind}'), 0)::int`;
  const [row]: (Omit<InboxCounts, 'toDecide' | 'overdue'> & { fresh: boolean; overdue: number })[] =
    await db.query(
      `SELECT (SELECT clamped_before <= ${day} FROM figure_watermark) AS fresh,
              ${sum('reports')} AS reports, ${sum('extensions')} AS extensions, ${sum('completions')} AS completions,
              (SELECT COALESCE(sum(f.n), 0)::int
                 FROM (${markers('figure_unit')} UNION ALL ${markers('figure_unit_delta')}) f
                 JOIN unit u ON u.id = f.unit_id ${withinSql(scope, params)}) AS overdue
         FROM (SELECT unit_id, kind, n FROM inbox_tally UNION ALL SELECT unit_id, kind, n FROM inbox_tally_delta) w
         JOIN unit u ON u.id = w.unit_id ${withinSql(scope, params)}`,
      params.values,
    );
  const { fresh, ...counts } = row;
  if (!fresh) counts.overdue = await countOf(db, 'overdue', scope, today);
  return { ...counts, toDecide: counts.reports + counts.extensions + counts.completions };
}

/**
 * A page's total, and everything's (for the walk-or-drive choice), from the counters of its kind alone, in one
 * statement: the badge's counts read every kind and overdue, twice for a narrow scope.
 */
async function pageTotals(
  db: Db,
  kind: InboxKind,
  scope: Scope,
  today: string,
): Promise<{ total: number; everything: number }> {
  foldSoon(db);
  const params = new SqlParams();
  const day = `${params.add(today)}::date`;
  const [kept, where] =
    kind === 'overdue'
      ? ['figure_unit', `live_deadline < ${day}`]
      : ['inbox_tally', `kind = ${params.add(kind)}`];
  const [row]: { fresh: boolean; total: number; everything: number }[] = await db.query(
    `SELECT (SELECT clamped_before <= ${day} FROM figure_watermark) AS fresh,
            COALESCE(sum(w.n) FILTER (WHERE ${withinPredicate(scope, params)}), 0)::int AS total,
            COALESCE(sum(w.n), 0)::int AS everything
       FROM (SELECT unit_id, n FROM ${kept} WHERE ${where}
             UNION ALL SELECT unit_id, n FROM ${kept}_delta WHERE ${where}) w
       JOIN unit u ON u.id = w.unit_id`,
    params.values,
  );
  // figure_unit's markers stand for today only once its days are folded (a clock set back): count the rows.
  if (kind !== 'overdue' || row.fresh) return { total: row.total, everything: row.everything };
  const total = await countOf(db, kind, scope, today);
  return {
    total,
    everything: scope.unitId ? await countOf(db, kind, { ...scope, unitId: null }, today) : total,
  };
}

/** One kind's count on the rows (the counters' cross-check, and overdue when the counters are not fresh). */
export async function countOf(db: Db, kind: InboxKind, scope: Scope, today: string): Promise<number> {
  const params = new SqlParams();
  const [{ total }] = await db.query(
    `SELECT count(*)::int AS total ${source(kind, scope, today, params)}`,
    params.values,
  );
  return total;
}

export async function inboxItems(
  db: Db,
  scope: Scope,
  today: string,
  query: { kind: InboxKind; page: number; pageSize: number },
): Promise<InboxPage> {
  // A deep OFFSET reads every row before it: pages stop where the other growing lists' do.
  assertPageWithinCap(query.page, query.pageSize);
  const { kind } = query;
  const { total, everything } = await pageTotals(db, kind, scope, today);
  const end = query.page * query.pageSize;
  // A walk in the kind's order reads about everything ÷ scope rows per row it keeps (uniform spread).
  const walk = !scope.unitId || (total > 0 && (end * everything) / total <= WALK_ROWS);
  const params = new SqlParams();
  const { alias, joins } = ROW[kind];
  const page = `ORDER BY ${ORDER[kind]} LIMIT ${params.add(query.pageSize)} OFFSET ${params.add(end - query.pageSize)}`;
  const rows = total
    ? await db.query(
        `SELECT ${COLUMNS[kind]}, t.id AS task_id, t.code, t.title, a.id AS assignment_id, u.id AS unit_id,
                u.name AS unit_name, to_char(a.deadline, 'YYYY-MM-DD') AS deadline
           ${
             walk
               ? `FROM (SELECT ${alias}.* ${walkedSource(kind, scope, today, params)} ${page}) ${alias} ${joins}
                  JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id ORDER BY ${ORDER[kind]}`
               : `${source(kind, scope, today, params)} ${page}`
           }`,
        params.values,
      )
    : [];
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    items: rows.map((row: any): InboxItem => ({
      id: row.id,
      kind: query.kind,
      taskId: row.task_id,
      taskCode: row.code,
      taskTitle: row.title,
      assignmentId: row.assignment_id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      deadline: row.deadline,
      text: row.text,
      progress: row.progress,
      requestedDeadline: row.requested_deadline,
      at: new Date(row.at).toISOString(),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
