import type { TaskListQuery } from '@duban/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { SqlParams } from '../../common/sql-params';
import { scopeOf, type Scope } from '../units/jurisdiction';
import { containsPattern } from '../../common/like';

/**
 * The one SQL definition of task signals, scoped to what the caller may see and filtered like the task
 * list. The list, the ledger export and every statistic use it, so a card and its drill-down list count
 * the same rows. Signals read state the database keeps on write (migration DeadlineSignals):
 * overdue = open_deadline < today, due soon = today <= open_deadline <= dueSoonUntil (the N-th working day
 * ahead: one ruler with the reminders), yellow also from behind_from (序时进度). So each is a range predicate
 * on an indexed date, and the light is computed only for the rows a page returns.
 */
export interface SignalParams {
  today: string;
  /** The due-soon window in working days (setting lightDueSoonDays). */
  dueSoonWorkingDays: number;
  /** The dueSoonWorkingDays-th working day after today: the last day that is still "due soon". */
  dueSoonUntil: string;
  /** Calendar days from today to dueSoonUntil: what duban_light and lightFor take (the same rule). */
  dueSoonDays: number;
  behindThreshold: number;
  /** Working days in (from, to] (the Chinese calendar): the ruler of daysLeft. */
  workingDaysBetween: (from: string, to: string) => number;
}

export type TaskFilters = Partial<Omit<TaskListQuery, 'page' | 'pageSize' | 'cursor'>>;

/** The open deadline with NULL as 'infinity': the first column of the list's index (ix_task_list_order). */
export const OPEN_KEY = `COALESCE(t.open_deadline, 'infinity'::date)`;

/** SQL condition on task alias `t`: the caller may see the task (null: no restriction). */
export function scopeCondition(scope: Scope, params: SqlParams): string | null {
  if (!scope.unitId) return null;
  const unit = params.add(scope.unitId);
  return scope.ownUnitOnly
    ? `EXISTS (SELECT 1 FROM assignment x WHERE x.task_id = t.id AND x.unit_id = ${unit})`
    : `t.scope_units @> ARRAY[${unit}::uuid]`;
}

/** Task-level signal expressions on alias `t`; today and the due-soon bound become parameters on first use. */
export function signalSql(signals: SignalParams, params: SqlParams) {
  let today: string | undefined;
  let until: string | undefined;
  const day = () => (today ??= `${params.add(signals.today)}::date`);
  const bound = () => (until ??= `${params.add(signals.dueSoonUntil)}::date`);
  return {
    get today() {
      return day();
    },
    get until() {
      return bound();
    },
    get overdue() {
      return `(t.open_deadline < ${day()})`;
    },
    get dueSoon() {
      return `(t.open_deadline BETWEEN ${day()} AND ${bound()})`;
    },
    get light() {
      return `CASE WHEN t.open_deadline < ${day()} THEN 'red'
                   WHEN t.open_deadline <= ${bound()} OR t.behind_from <= ${day()} THEN 'yellow' ELSE 'green' END`;
    },
    /** Completed by its final deadline (Shanghai date of completion). */
    onTime: `((t.completed_at AT TIME ZONE 'Asia/Shanghai')::date <= COALESCE(t.final_deadline, 'infinity'::date))`,
  };
}

/**
 * `FROM task t … WHERE …` for the visible tasks matching the filters. With `unitId`, the task must carry
 * a live-or-done assignment of that unit (`y`), and overdue / due soon are that unit's own: the per-unit
 * ranking counts the same rows. `also`: further conditions on `t` (a keyset bound).
 */
export function taskFrom(
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  params: SqlParams,
  also: string[] = [],
): string {
  const sql = signalSql(signals, params);
  const where: string[] = [...also];
  const visible = scopeCondition(scope, params);
  if (visible) where.push(visible);
  let join = '';
  let overdue = () => sql.overdue;
  let dueSoon = () => sql.dueSoon;
  if (filters.unitId) {
    join = `JOIN assignment y ON y.task_id = t.id AND y.unit_id = ${params.add(filters.unitId)} AND y.status <> 'returned'`;
    overdue = () => `(y.live_deadline < ${sql.today})`;
    dueSoon = () => `(y.live_deadline BETWEEN ${sql.today} AND ${sql.until})`;
  }
  if (filters.documentId) where.push(`t.document_id = ${params.add(filters.documentId)}`);
  // scope_units holds every unit at or above the task's assigned units (GIN-indexed).
  if (filters.regionId) where.push(`t.scope_units @> ARRAY[${params.add(filters.regionId)}::uuid]`);
  if (filters.status) where.push(`t.status = ${params.add(filters.status)}`);
  if (filters.q) {
    const q = params.add(containsPattern(filters.q));
    where.push(`(t.title ILIKE ${q} OR t.code ILIKE ${q})`);
    // Every pair of adjacent characters of the text is in the row's pairs (ix_task_search narrows to those).
    if ([...filters.q].length >= 2)
      where.push(`duban_bigrams(t.title || ' ' || t.code) @> duban_bigrams(${params.add(filters.q)})`);
  }
  if (filters.deadlineFrom) where.push(`t.deadline >= ${params.add(filters.deadlineFrom)}`);
  if (filters.deadlineTo) where.push(`t.deadline <= ${params.add(filters.deadlineTo)}`);
  if (filters.light) where.push(`${sql.light} = ${params.add(filters.light)}`);
  if (filters.overdue !== undefined) where.push(filters.overdue ? overdue() : `${overdue()} IS NOT TRUE`);
  if (filters.dueSoon !== undefined) where.push(filters.dueSoon ? dueSoon() : `${dueSoon()} IS NOT TRUE`);
  // A light as a range of OPEN_KEY too, so a page walks the list's index from there (red lies before
  // today, yellow and green from today on). Not beside the overdue and due-soon predicates: those are
  // ranges of open_deadline already, and the planner, multiplying the two, would expect a handful of rows.
  if (filters.light) where.push(`${OPEN_KEY} ${filters.light === 'red' ? '<' : '>='} ${sql.today}`);
  return `FROM task t ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
}

/** `WITH task_signal AS (…)`: one row per visible task matching the filters, with its light, overdue and progress. */
export function taskSignalsCte(
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  params: SqlParams,
): string {
  const from = taskFrom(scope, filters, signals, params);
  const sql = signalSql(signals, params);
  return `WITH task_signal AS (
    SELECT t.id, ${sql.light} AS light, COALESCE(${sql.overdue}, false) AS overdue, t.rollup_progress AS progress ${from})`;
}

export async function canSeeTask(
  dataSource: DataSource | EntityManager,
  actor: Actor,
  taskId: string,
): Promise<boolean> {
  const params = new SqlParams();
  const condition = scopeCondition(scopeOf(actor), params) ?? 'TRUE';
  const [{ visible }] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM task t WHERE t.id = ${params.add(taskId)} AND ${condition}) AS visible`,
    params.values,
  );
  return visible;
}
