import type { TaskListQuery } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { pathWithinSql, scopeOf, SqlParams, type Scope } from '../../common/scope';
import { containsPattern } from '../../common/like';

/**
 * The one SQL definition of derived task signals (overdue, light, progress), scoped to what the caller
 * may see and filtered like the task list. The task list, the ledger export and every statistic use it,
 * so a dashboard card and its drill-down list count the same rows. The light itself is the database
 * function duban_light, which mirrors lightFor() in contracts (a test checks they agree).
 */
export interface SignalParams {
  today: string;
  dueSoonDays: number;
  behindThreshold: number;
}

export type TaskFilters = Partial<Omit<TaskListQuery, 'page' | 'pageSize'>>;

/** SQL condition on task alias `t`: the caller may see the task (null: no restriction). */
export function scopeCondition(scope: Scope, params: SqlParams): string | null {
  if (!scope.unitId) return null;
  const unit = params.add(scope.unitId);
  return scope.ownUnitOnly
    ? `EXISTS (SELECT 1 FROM assignment x WHERE x.task_id = t.id AND x.unit_id = ${unit})`
    : `EXISTS (SELECT 1 FROM assignment x JOIN unit xu ON xu.id = x.unit_id JOIN unit su ON su.id = ${unit}
               WHERE x.task_id = t.id AND ${pathWithinSql('xu.path', 'su.path')})`;
}

/** `WITH assignment_signal AS (…), task_signal AS (…)`: one row per visible task matching the filters. */
export function taskSignalsCte(
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  params: SqlParams,
): string {
  const today = params.add(signals.today);
  const dueSoon = params.add(signals.dueSoonDays);
  const behind = params.add(signals.behindThreshold);
  const where: string[] = [];
  const visible = scopeCondition(scope, params);
  if (visible) where.push(visible);
  if (filters.documentId) where.push(`t.document_id = ${params.add(filters.documentId)}`);
  if (filters.unitId)
    where.push(
      `EXISTS (SELECT 1 FROM assignment y WHERE y.task_id = t.id AND y.unit_id = ${params.add(filters.unitId)})`,
    );
  if (filters.status) where.push(`t.status = ${params.add(filters.status)}`);
  if (filters.q)
    where.push(
      `(t.title ILIKE ${params.add(containsPattern(filters.q))} OR t.code ILIKE ${params.add(containsPattern(filters.q))})`,
    );
  if (filters.deadlineFrom) where.push(`t.deadline >= ${params.add(filters.deadlineFrom)}`);
  if (filters.deadlineTo) where.push(`t.deadline <= ${params.add(filters.deadlineTo)}`);
  const signalWhere: string[] = [];
  if (filters.light) signalWhere.push(`light = ${params.add(filters.light)}`);
  if (filters.overdue !== undefined) signalWhere.push(`overdue = ${params.add(filters.overdue)}`);
  if (filters.dueSoon !== undefined) signalWhere.push(`due_soon = ${params.add(filters.dueSoon)}`);
  return `
  WITH scoped_task AS (
    SELECT t.* FROM task t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
  ), assignment_signal AS (
    SELECT a.id, a.task_id,
           duban_light(a.deadline, t.start_date, a.progress, a.status = 'completed' OR t.status <> 'in_progress', ${today}::date, ${dueSoon}::int, ${behind}::int) AS light,
           (t.status = 'in_progress' AND a.status NOT IN ('completed', 'returned') AND a.deadline < ${today}::date) AS overdue,
           (t.status = 'in_progress' AND a.status NOT IN ('completed', 'returned') AND a.deadline >= ${today}::date
              AND a.deadline - ${today}::date <= ${dueSoon}::int) AS due_soon
      FROM assignment a JOIN scoped_task t ON t.id = a.task_id
     WHERE a.status <> 'returned'
  ), task_signal_all AS (
    SELECT t.id,
           COALESCE(bool_or(s.overdue), false) AS overdue,
           COALESCE(bool_or(s.due_soon), false) AND NOT COALESCE(bool_or(s.overdue), false) AS due_soon,
           CASE max(CASE s.light WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END) WHEN 3 THEN 'red' WHEN 2 THEN 'yellow' ELSE 'green' END AS light,
           CASE WHEN t.status = 'completed' THEN 100 ELSE COALESCE(
             round(avg(a.progress) FILTER (WHERE a.role = 'lead' AND a.status <> 'returned')),
             round(avg(a.progress) FILTER (WHERE a.status <> 'returned')), 0)::int END AS progress
      FROM scoped_task t
      LEFT JOIN assignment_signal s ON s.task_id = t.id
      LEFT JOIN assignment a ON a.id = s.id
     GROUP BY t.id, t.status
  ), task_signal AS (
    SELECT * FROM task_signal_all ${signalWhere.length ? `WHERE ${signalWhere.join(' AND ')}` : ''}
  )`;
}

export async function canSeeTask(dataSource: DataSource, actor: Actor, taskId: string): Promise<boolean> {
  const params = new SqlParams();
  const condition = scopeCondition(scopeOf(actor), params) ?? 'TRUE';
  const [{ visible }] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM task t WHERE t.id = ${params.add(taskId)} AND ${condition}) AS visible`,
    params.values,
  );
  return visible;
}
