import type { DocumentStats, Page, StatsOverview, TrendPoint, UnitStats } from '@duban/contracts';
import type { Db } from '../../database/prepared';
import { SqlParams } from '../../common/sql-params';
import { pathWithinSql, type Scope } from '../units/jurisdiction';
import {
  counterByDocument,
  counterByUnit,
  counterOverview,
  counterTrend,
  NIL_UUID,
  rankingPage,
  trendSql,
  type RankingSort,
  type CounterOverview,
  type DayRollup,
} from './figures';
import { signalSql, taskFrom, type SignalParams, type TaskFilters } from './task-query';

// The dashboard's figures. Each reads the counters kept on write (figures.ts) when they carry the filters,
// else counts the rows of taskFrom, the same scoped and filtered task set the task list pages through; both
// count the same rows, so a card's count is its drill-down list's total.

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

export async function overview(
  db: Db,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<StatsOverview> {
  const row =
    (await counterOverview(db, scope, filters, signals)) ?? (await overviewSql(db, scope, filters, signals));
  return {
    total: row.total,
    completed: row.completed,
    inProgress: row.inProgress,
    overdue: row.overdue,
    dueSoon: row.dueSoon,
    completionRate: rate(row.completed, row.total),
    onTimeRate: rate(row.onTime, row.completed),
  };
}

/** The overview counted on the task rows (filters the counters do not carry). */
async function overviewSql(
  db: Db,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<CounterOverview> {
  const params = new SqlParams();
  const from = taskFrom(scope, filters, signals, params);
  const sql = signalSql(signals, params);
  const [row] = await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
            count(*) FILTER (WHERE t.status = 'in_progress')::int AS "inProgress",
            count(*) FILTER (WHERE ${sql.overdue})::int AS overdue,
            count(*) FILTER (WHERE ${sql.dueSoon})::int AS "dueSoon",
            count(*) FILTER (WHERE t.status = 'completed' AND ${sql.onTime})::int AS "onTime"
       ${from}`,
    params.values,
  );
  return row;
}

/**
 * The unit ranking, one page: the units in the caller's jurisdiction (and the region) with a live or completed
 * assignment, counting its own assignments (of the document's tasks, with that filter). Its drill-down is the
 * task list with unitId and the same filters (overdue: the unit's own assignment), which counts the same rows.
 */
export async function byUnit(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: RankingSort,
): Promise<Page<UnitStats>> {
  const page =
    (await counterByUnit(db, scope, filters, signals, sort)) ??
    (await byUnitSql(db, scope, filters, signals, sort));
  return {
    ...pageOf(page, sort),
    items: page.items.map(({ id, name, ...row }) => ({ unitId: id, unitName: name, ...row })),
  };
}

const pageOf = (page: { total: number }, sort: RankingSort) => ({
  total: page.total,
  page: sort.page,
  pageSize: sort.pageSize,
});

/** SQL conditions on assignment `a`: its unit is the caller's own (a unit user) or within the jurisdiction and region. */
export function unitsWithin(
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId'>,
  params: SqlParams,
): string[] {
  const where: string[] = [];
  if (scope.unitId && scope.ownUnitOnly) where.push(`a.unit_id = ${params.add(scope.unitId)}`);
  for (const root of scope.ownUnitOnly ? [filters.regionId] : [scope.unitId, filters.regionId])
    if (root)
      where.push(
        `a.unit_id IN (SELECT u.id FROM unit u JOIN unit r ON r.id = ${params.add(root)} WHERE ${pathWithinSql('u.path', 'r.path')})`,
      );
  return where;
}

/** The ranking counted on the assignment rows (a document filter, a unit user's scope). */
async function byUnitSql(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: RankingSort,
) {
  const params = new SqlParams();
  const today = params.add(signals.today);
  const where = ["a.status <> 'returned'", ...unitsWithin(scope, filters, params)];
  if (filters.documentId)
    where.push(`a.task_id IN (SELECT id FROM task WHERE document_id = ${params.add(filters.documentId)})`);
  const page = await rankingPage(
    db,
    `SELECT s.unit_id AS id, u.name, s.total, s.completed, s.overdue
       FROM (SELECT a.unit_id, count(*)::int AS total,
                    count(*) FILTER (WHERE a.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE a.live_deadline < ${today}::date)::int AS overdue
               FROM assignment a WHERE ${where.join(' AND ')} GROUP BY a.unit_id) s
       JOIN unit u ON u.id = s.unit_id`,
    sort,
    params,
  );
  return page!;
}

/**
 * Per document in the jurisdiction (and the filters), one page: tasks, completed and overdue; drills down to
 * the list.
 */
export async function byDocument(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: RankingSort,
): Promise<Page<DocumentStats>> {
  const page =
    (await counterByDocument(db, scope, filters, signals, sort)) ??
    (await byDocumentSql(db, scope, filters, signals, sort));
  return {
    ...pageOf(page, sort),
    items: page.items.map(({ id, name, ...row }) => ({ documentId: id, title: name, ...row })),
  };
}

async function byDocumentSql(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: RankingSort,
) {
  const params = new SqlParams();
  const from = taskFrom(scope, filters, signals, params);
  const sql = signalSql(signals, params);
  const page = await rankingPage(
    db,
    `SELECT d.id, d.title AS name, s.total, s.completed, s.overdue
       FROM (SELECT t.document_id, count(*)::int AS total,
                    count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE ${sql.overdue})::int AS overdue
               ${from} GROUP BY t.document_id) s
       JOIN policy_document d ON d.id = s.document_id`,
    sort,
    params,
  );
  return page!;
}

/**
 * Per day, week (from Monday) or month: tasks created, completed (on time), first overdue, and the running
 * completion rate; from the daily rollup, or with a document filter from the same per-task events
 * (duban_task_figure_days) over the filtered task rows.
 */
export async function trend(
  db: Db,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  range: { from: string; to: string; interval: 'day' | 'week' | 'month' },
): Promise<TrendPoint[]> {
  const sqlParams = new SqlParams();
  const rows: DayRollup[] =
    (await counterTrend(db, scope, filters, signals, range)) ??
    (await db.query(
      trendSql(
        `SELECT k.day, k.created, k.completed, k.on_time, k.new_overdue
           FROM task tk CROSS JOIN duban_task_figure_days(tk) k
          WHERE k.scope_unit = '${NIL_UUID}' AND tk.id IN (SELECT t.id ${taskFrom(scope, filters, signals, sqlParams)})`,
        signals,
        range,
        sqlParams,
      ),
      sqlParams.values,
    ));
  return rows.map(({ createdToDate, completedToDate, ...point }) => ({
    ...point,
    completionRate: rate(completedToDate, createdToDate),
    onTimeRate: point.completed ? rate(point.completedOnTime, point.completed) : null,
  }));
}
