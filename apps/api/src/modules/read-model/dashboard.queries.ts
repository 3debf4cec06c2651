import type { DocumentStats, StatsOverview, TrendPoint, UnitStats } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql-params';
import { pathWithinSql, type Scope } from '../units/jurisdiction';
import { signalSql, taskFrom, type SignalParams, type TaskFilters } from './task-query';

// The read-only SQL behind the dashboard. Every task figure reads taskFrom, the same scoped and filtered
// task set the task list pages through, so a card's count is its drill-down list's total; the signals are
// range predicates on dates the database keeps on write (no per-row function, no assignment scan).

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

export async function overview(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<StatsOverview> {
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

/**
 * The unit ranking: every unit in the caller's jurisdiction with a live or completed assignment, counting
 * its own assignments. Its drill-down is the task list with unitId (overdue: the unit's own assignment),
 * which counts the same rows.
 */
export async function byUnit(
  dataSource: DataSource,
  scope: Scope,
  signals: SignalParams,
  sort: { by: 'completionRate' | 'overdue' | 'total'; order: 'asc' | 'desc' },
): Promise<UnitStats[]> {
  const params = new SqlParams();
  const today = params.add(signals.today);
  const where = ["a.status <> 'returned'"];
  if (scope.unitId && scope.ownUnitOnly) where.push(`a.unit_id = ${params.add(scope.unitId)}`);
  else if (scope.unitId)
    where.push(
      `a.unit_id IN (SELECT u.id FROM unit u JOIN unit r ON r.id = ${params.add(scope.unitId)} WHERE ${pathWithinSql('u.path', 'r.path')})`,
    );
  const rows: { unitId: string; unitName: string; total: number; completed: number; overdue: number }[] =
    await dataSource.query(
      `SELECT s.unit_id AS "unitId", u.name AS "unitName", s.total, s.completed, s.overdue
         FROM (SELECT a.unit_id, count(*)::int AS total,
                      count(*) FILTER (WHERE a.status = 'completed')::int AS completed,
                      count(*) FILTER (WHERE a.live_deadline < ${today}::date)::int AS overdue
                 FROM assignment a WHERE ${where.join(' AND ')} GROUP BY a.unit_id) s
         JOIN unit u ON u.id = s.unit_id`,
      params.values,
    );
  const stats = rows.map((row) => ({ ...row, completionRate: rate(row.completed, row.total) }));
  const direction = sort.order === 'asc' ? 1 : -1;
  return stats.sort(
    (a, b) => direction * (a[sort.by] - b[sort.by]) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
}

export async function byDocument(
  dataSource: DataSource,
  scope: Scope,
  signals: SignalParams,
): Promise<DocumentStats[]> {
  const params = new SqlParams();
  const from = taskFrom(scope, {}, signals, params);
  const sql = signalSql(signals, params);
  const rows: Omit<DocumentStats, 'completionRate'>[] = await dataSource.query(
    `SELECT d.id AS "documentId", d.title, s.total, s.completed, s.overdue
       FROM (SELECT t.document_id, count(*)::int AS total,
                    count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE ${sql.overdue})::int AS overdue
               ${from} GROUP BY t.document_id) s
       JOIN policy_document d ON d.id = s.document_id
      ORDER BY d.title`,
    params.values,
  );
  return rows.map((row) => ({ ...row, completionRate: rate(row.completed, row.total) }));
}

/** Completions and newly overdue tasks per day, week (from Monday) or month. */
export async function trend(
  dataSource: DataSource,
  scope: Scope,
  signals: SignalParams,
  range: { from: string; to: string; interval: 'day' | 'week' | 'month' },
): Promise<TrendPoint[]> {
  const params = new SqlParams();
  const from = taskFrom(scope, {}, signals, params);
  const interval = params.add(range.interval);
  const start = params.add(range.from);
  const end = params.add(range.to);
  const today = params.add(signals.today);
  // One pass over the scoped tasks: each completion and each first overdue day falls into one period.
  const rows: TrendPoint[] = await dataSource.query(
    `WITH period AS (
       SELECT generate_series(date_trunc(${interval}, ${start}::date), date_trunc(${interval}, ${end}::date), ('1 ' || ${interval})::interval)::date AS start
     ), event AS (
       SELECT date_trunc(${interval}, (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date)::date AS completed_in,
              CASE WHEN t.final_deadline + 1 <= ${today}::date
                        AND (t.completed_at IS NULL OR (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date > t.final_deadline)
                   THEN date_trunc(${interval}, t.final_deadline + 1)::date END AS overdue_in,
              t.status
         ${from}
     )
     SELECT to_char(p.start, 'YYYY-MM-DD') AS "periodStart",
            (SELECT count(*) FROM event e WHERE e.status = 'completed' AND e.completed_in = p.start)::int AS completed,
            (SELECT count(*) FROM event e WHERE e.status <> 'cancelled' AND e.overdue_in = p.start)::int AS "newOverdue"
       FROM period p ORDER BY p.start`,
    params.values,
  );
  return rows;
}
