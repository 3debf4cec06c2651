// The supervisor's 待办, read across the workflow tables in set-based SQL. Every count rides an index
// on a narrow state (ix_progress_report_submitted, uq_extension_request_pending,
// ix_assignment_open_deadline), then joins task and unit for the task's state and the jurisdiction,
// so a province of a million assignments counts only what waits.
import type { InboxCounts, InboxItem, InboxKind, InboxPage } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql-params';
import { pathWithinSql, type Scope } from '../units/jurisdiction';

const OPEN = ['pending', 'accepted', 'completion_requested'];

/** FROM … WHERE for one kind of 待办, over assignment `a`, task `t`, unit `u` (and report `r` / request `e`). */
function source(kind: InboxKind, scope: Scope, today: string, params: SqlParams): string {
  const within = scope.unitId
    ? `JOIN unit s ON s.id = ${params.add(scope.unitId)} AND ${pathWithinSql('u.path', 's.path')}`
    : '';
  const base = `JOIN task t ON t.id = a.task_id AND t.status = 'in_progress' JOIN unit u ON u.id = a.unit_id ${within}`;
  switch (kind) {
    case 'reports':
      return `FROM progress_report r JOIN assignment a ON a.id = r.assignment_id ${base} WHERE r.status = 'submitted'`;
    case 'extensions':
      return `FROM extension_request e JOIN assignment a ON a.id = e.assignment_id ${base} WHERE e.status = 'pending'`;
    case 'completions':
      return `FROM assignment a ${base} WHERE a.status = 'completion_requested'`;
    case 'overdue':
      return `FROM assignment a ${base} WHERE a.status = ANY(${params.add(OPEN)}::text[]) AND a.deadline < ${params.add(today)}::date`;
  }
}

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
  overdue: 'a.deadline, a.id',
};

export async function inboxCounts(dataSource: DataSource, scope: Scope, today: string): Promise<InboxCounts> {
  const params = new SqlParams();
  const count = (kind: InboxKind) =>
    `(SELECT count(*)::int ${source(kind, scope, today, params)}) AS ${kind}`;
  const [row] = await dataSource.query(
    `SELECT ${count('reports')}, ${count('extensions')}, ${count('completions')}, ${count('overdue')}`,
    params.values,
  );
  return { ...row, toDecide: row.reports + row.extensions + row.completions };
}

export async function inboxItems(
  dataSource: DataSource,
  scope: Scope,
  today: string,
  query: { kind: InboxKind; page: number; pageSize: number },
): Promise<InboxPage> {
  const params = new SqlParams();
  const from = source(query.kind, scope, today, params);
  const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total ${from}`, params.values);
  const rows = await dataSource.query(
    `SELECT ${COLUMNS[query.kind]}, t.id AS task_id, t.code, t.title, a.id AS assignment_id, u.id AS unit_id,
            u.name AS unit_name, to_char(a.deadline, 'YYYY-MM-DD') AS deadline
       ${from}
      ORDER BY ${ORDER[query.kind]}
      LIMIT ${params.add(query.pageSize)} OFFSET ${params.add((query.page - 1) * query.pageSize)}`,
    params.values,
  );
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
