import type { DocumentStats, StatsOverview, TrendPoint, UnitStats } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql-params';
import { pathWithinSql, type Scope } from '../units/jurisdiction';
import {
  counterByDocument,
  counterByUnit,
  counterOverview,
  counterTrend,
  NIL_UUID,
  trendSql,
  type CounterOverview,
  type DayRollup,
} from './figures';
import { signalSql, taskFrom, type SignalParams, type TaskFilters } from './task-query';

// The dashboard's figures. Each reads the counters kept on write (figures.ts) when they carry the filters,
// else counts the rows of taskFrom, the same scoped and filtered task set the task list pages through; both
// count the same rows, so a card's count is its drill-down list's total.

/** Unit names in Chinese order (one collator: localeCompare builds one per call, 2,000 units take 2×). */
const byName = new Intl.Collator('zh-CN');

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

export async function overview(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<StatsOverview> {
  const row =
    (await counterOverview(dataSource, scope, filters, signals)) ??
    (await overviewSql(dataSource, scope, filters, signals));
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
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<CounterOverview> {
  const params = new SqlParams();
  const from = taskFrom(scope, filters, signals, params);
  const sql = signalSql(signals, params);
  const [row] = await dataSource.query(
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
 * The unit ranking: every unit in the caller's jurisdiction (and the region) with a live or completed
 * assignment, counting its own assignments (of the document's tasks, with that filter). Its drill-down is the
 * task list with unitId and the same filters (overdue: the unit's own assignment), which counts the same rows.
 */
export async function byUnit(
  dataSource: DataSource,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  sort: { by: 'completionRate' | 'overdue' | 'total'; order: 'asc' | 'desc'; limit?: number },
): Promise<UnitStats[]> {
  const rows =
    (await counterByUnit(dataSource, scope, filters, signals)) ??
    (await byUnitSql(dataSource, scope, filters, signals));
  const stats = rows.map((row) => ({ ...row, completionRate: rate(row.completed, row.total) }));
  const direction = sort.order === 'asc' ? 1 : -1;
  stats.sort((a, b) => direction * (a[sort.by] - b[sort.by]) || byName.compare(a.unitName, b.unitName));
  return sort.limit ? stats.slice(0, sort.limit) : stats;
}

type Counts = { total: number; completed: number; overdue: number };

/** The ranking counted on the assignment rows (a document filter, a unit user's scope). */
async function byUnitSql(
  dataSource: DataSource,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
): Promise<({ unitId: string; unitName: string } & Counts)[]> {
  const params = new SqlParams();
  const today = params.add(signals.today);
  const where = ["a.status <> 'returned'"];
  if (scope.unitId && scope.ownUnitOnly) where.push(`a.unit_id = ${params.add(scope.unitId)}`);
  for (const root of scope.ownUnitOnly ? [filters.regionId] : [scope.unitId, filters.regionId])
    if (root)
      where.push(
        `a.unit_id IN (SELECT u.id FROM unit u JOIN unit r ON r.id = ${params.add(root)} WHERE ${pathWithinSql('u.path', 'r.path')})`,
      );
  if (filters.documentId)
    where.push(`a.task_id IN (SELECT id FROM task WHERE document_id = ${params.add(filters.documentId)})`);
  return dataSource.query(
    `SELECT s.unit_id AS "unitId", u.name AS "unitName", s.total, s.completed, s.overdue
       FROM (SELECT a.unit_id, count(*)::int AS total,
                    count(*) FILTER (WHERE a.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE a.live_deadline < ${today}::date)::int AS overdue
               FROM assignment a WHERE ${where.join(' AND ')} GROUP BY a.unit_id) s
       JOIN unit u ON u.id = s.unit_id`,
    params.values,
  );
}

/** Per document in the jurisdiction (and the filters): tasks, completed and overdue; drills down to the list. */
export async function byDocument(
  dataSource: DataSource,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
): Promise<DocumentStats[]> {
  const rows =
    (await counterByDocument(dataSource, scope, filters, signals)) ??
    (await byDocumentSql(dataSource, scope, filters, signals));
  return rows.map((row) => ({ ...row, completionRate: rate(row.completed, row.total) }));
}

async function byDocumentSql(
  dataSource: DataSource,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
): Promise<({ documentId: string; title: string } & Counts)[]> {
  const params = new SqlParams();
  const from = taskFrom(scope, filters, signals, params);
  const sql = signalSql(signals, params);
  return dataSource.query(
    `SELECT d.id AS "documentId", d.title, s.total, s.completed, s.overdue
       FROM (SELECT t.document_id, count(*)::int AS total,
                    count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE ${sql.overdue})::int AS overdue
               ${from} GROUP BY t.document_id) s
       JOIN policy_document d ON d.id = s.document_id
      ORDER BY d.title`,
    params.values,
  );
}

/**
 * Per day, week (from Monday) or month: tasks created, completed (on time), first overdue, and the running
 * completion rate; from the daily rollup, or with a document filter from the same per-task events
 * (duban_task_figure_days) over the filtered task rows.
 */
export async function trend(
  dataSource: DataSource,
  scope: Scope,
  filters: Pick<TaskFilters, 'regionId' | 'documentId'>,
  signals: SignalParams,
  range: { from: string; to: string; interval: 'day' | 'week' | 'month' },
): Promise<TrendPoint[]> {
  const sqlParams = new SqlParams();
  const rows: DayRollup[] =
    (await counterTrend(dataSource, scope, filters, signals, range)) ??
    (await dataSource.query(
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
