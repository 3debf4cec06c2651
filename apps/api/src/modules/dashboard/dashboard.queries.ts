import type { DocumentStats, StatsOverview, TrendPoint, UnitStats } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { SqlParams, type Scope } from '../../common/scope';
import { taskSignalsCte, type SignalParams, type TaskFilters } from '../tasks/task-query';

// The read-only SQL behind the dashboard. Every figure starts from taskSignalsCte, the same scoped and
// filtered task set the task list pages through, so a card's count is its drill-down list's total.

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

/** The date a task was completed, in Shanghai, compared with its latest assignment deadline (extensions count). */
const ON_TIME = `(t.completed_at AT TIME ZONE 'Asia/Shanghai')::date <= COALESCE(
  (SELECT max(a.deadline) FROM assignment a WHERE a.task_id = t.id AND a.status <> 'returned'), t.deadline, 'infinity'::date)`;

export async function overview(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<StatsOverview> {
  const params = new SqlParams();
  const cte = taskSignalsCte(scope, filters, signals, params);
  const [row] = await dataSource.query(
    `${cte}
     SELECT count(*)::int AS total,
            count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
            count(*) FILTER (WHERE t.status = 'in_progress')::int AS "inProgress",
            count(*) FILTER (WHERE s.overdue)::int AS overdue,
            count(*) FILTER (WHERE s.due_soon)::int AS "dueSoon",
            count(*) FILTER (WHERE t.status = 'completed' AND ${ON_TIME})::int AS "onTime"
       FROM task_signal s JOIN task t ON t.id = s.id`,
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

export async function byUnit(
  dataSource: DataSource,
  scope: Scope,
  signals: SignalParams,
  sort: { by: 'completionRate' | 'overdue' | 'total'; order: 'asc' | 'desc' },
): Promise<UnitStats[]> {
  const params = new SqlParams();
  const cte = taskSignalsCte(scope, {}, signals, params);
  const rows: { unitId: string; unitName: string; total: number; completed: number; overdue: number }[] =
    await dataSource.query(
      `${cte}
     SELECT a.unit_id AS "unitId", u.name AS "unitName", count(*)::int AS total,
            count(*) FILTER (WHERE a.status = 'completed')::int AS completed,
            count(*) FILTER (WHERE t.status = 'in_progress' AND a.status NOT IN ('completed', 'returned')
                              AND a.deadline < ${params.add(signals.today)}::date)::int AS overdue
       FROM task_signal s JOIN task t ON t.id = s.id
       JOIN assignment a ON a.task_id = t.id AND a.status <> 'returned'
       JOIN unit u ON u.id = a.unit_id
      GROUP BY a.unit_id, u.name`,
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
  const cte = taskSignalsCte(scope, {}, signals, params);
  const rows: Omit<DocumentStats, 'completionRate'>[] = await dataSource.query(
    `${cte}
     SELECT d.id AS "documentId", d.title, count(*)::int AS total,
            count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
            count(*) FILTER (WHERE s.overdue)::int AS overdue
       FROM task_signal s JOIN task t ON t.id = s.id JOIN policy_document d ON d.id = t.document_id
      GROUP BY d.id, d.title
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
  const cte = taskSignalsCte(scope, {}, signals, params);
  const interval = params.add(range.interval);
  const from = params.add(range.from);
  const to = params.add(range.to);
  const today = params.add(signals.today);
  const rows: TrendPoint[] = await dataSource.query(
    `${cte},
     task_deadline AS (
       SELECT t.id, t.status, (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date AS completed_on,
              COALESCE((SELECT max(a.deadline) FROM assignment a WHERE a.task_id = t.id AND a.status <> 'returned'), t.deadline) AS deadline
         FROM task_signal s JOIN task t ON t.id = s.id
     ), period AS (
       SELECT generate_series(date_trunc(${interval}, ${from}::date), date_trunc(${interval}, ${to}::date), ('1 ' || ${interval})::interval)::date AS start
     )
     SELECT to_char(p.start, 'YYYY-MM-DD') AS "periodStart",
            (SELECT count(*) FROM task_deadline d WHERE d.status = 'completed'
               AND d.completed_on >= p.start AND d.completed_on < (p.start + ('1 ' || ${interval})::interval)::date)::int AS completed,
            (SELECT count(*) FROM task_deadline d WHERE d.status <> 'cancelled' AND d.deadline IS NOT NULL
               AND d.deadline + 1 >= p.start AND d.deadline + 1 < (p.start + ('1 ' || ${interval})::interval)::date
               AND d.deadline + 1 <= ${today}::date
               AND (d.completed_on IS NULL OR d.completed_on > d.deadline))::int AS "newOverdue"
       FROM period p ORDER BY p.start`,
    params.values,
  );
  return rows;
}
