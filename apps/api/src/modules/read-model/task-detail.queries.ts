// A task's detail (承办单位, reports, extensions, comments, history) and the assignment summaries every
// task view carries. Few statements, each on an index: the task by id, its assignments by
// uq_assignment_task_unit, reports and extensions by assignment, the audit trail by (entity_type,
// entity_id, at) in the partitions since the task was created.
import {
  assignmentSignals,
  type AssignmentSignalFields,
  type AssignmentSummary,
  type ExtensionRequestView,
  type ProgressReportView,
  type TaskCommentView,
  type TaskDetail,
  type TaskStatus,
  type TaskSummary,
} from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { notFound } from '../../common/app-error';
import { SqlParams } from '../../common/sql-params';
import { pathWithinSql, type Scope } from '../units/jurisdiction';
import { describeHistory, type HistoryRow } from './task-history';
import { taskRowColumns, type TaskRow } from './task-ledger.queries';
import { scopeCondition, type SignalParams } from './task-query';

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** The task row as a summary with its assignments (signals of the row, ruler named). */
export function toSummary(
  row: TaskRow,
  assignments: AssignmentSummary[],
  signals: SignalParams,
): TaskSummary {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    documentId: row.document_id,
    documentTitle: row.document_title,
    measureNumber: row.measure_number,
    deadline: row.deadline,
    ongoing: row.ongoing,
    reportCycle: row.report_cycle,
    status: row.status,
    progress: row.progress,
    overdue: row.overdue,
    dueSoon: row.due_soon,
    light: row.light,
    daysLeft: row.open_deadline ? signals.workingDaysBetween(signals.today, row.open_deadline) : null,
    daysLeftRuler: 'working_days',
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    assignments,
  };
}

type AssignmentRow = Omit<AssignmentSummary, 'acceptedAt' | 'completedAt' | keyof AssignmentSignalFields> & {
  acceptedAt: Date | null;
  completedAt: Date | null;
  taskStatus: TaskStatus;
  startDate: string;
  pendingExtension: boolean;
  lateFromStart: boolean;
  inScope: boolean;
};

/**
 * The assignments of the tasks, lead first then by unit name, with their signals; with a scope, also
 * which of them the caller oversees (`inScope`: a shared task shows each caller only their units' work).
 */
export async function assignmentSummaries(
  dataSource: DataSource,
  taskIds: string[],
  signals: SignalParams,
  scope: Scope | null = null,
): Promise<{ byTask: Map<string, AssignmentSummary[]>; inScope: Set<string> }> {
  const byTask = new Map<string, AssignmentSummary[]>();
  const inScope = new Set<string>();
  if (!taskIds.length) return { byTask, inScope };
  const params = new SqlParams();
  const ids = params.add(taskIds);
  let oversees = 'true';
  if (scope?.unitId)
    oversees = scope.ownUnitOnly
      ? `a.unit_id = ${params.add(scope.unitId)}`
      : `EXISTS (SELECT 1 FROM unit s WHERE s.id = ${params.add(scope.unitId)} AND ${pathWithinSql('u.path', 's.path')})`;
  const rows: AssignmentRow[] = await dataSource.query(
    // Per-row lookups by primary key and by uq_extension_request_pending (a page holds about a hundred
    // assignments: a hash over every unit or every pending request costs more than the page).
    `SELECT a.id, a.task_id AS "taskId", a.unit_id AS "unitId", u.name AS "unitName", a.role, a.status, a.progress,
            to_char(a.deadline, 'YYYY-MM-DD') AS deadline, a.extension_count AS "extensionCount", a.version,
            a.accepted_at AS "acceptedAt", a.completed_at AS "completedAt",
            t.status AS "taskStatus", to_char(t.start_date, 'YYYY-MM-DD') AS "startDate", t.late_from_start AS "lateFromStart",
            (SELECT true FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending' LIMIT 1) IS NOT NULL AS "pendingExtension",
            ${oversees} AS "inScope"
       FROM assignment a JOIN task t ON t.id = a.task_id
       CROSS JOIN LATERAL (SELECT name, path FROM unit WHERE id = a.unit_id OFFSET 0) u
      WHERE a.task_id = ANY(${ids})
      ORDER BY CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, u.name`,
    params.values,
  );
  for (const row of rows) {
    const { taskStatus, startDate, pendingExtension, lateFromStart, inScope: oversee, ...fields } = row;
    if (oversee) inScope.add(row.id);
    const summary: AssignmentSummary = {
      ...fields,
      ...assignmentSignals({ ...row, taskStatus, startDate, pendingExtension, lateFromStart }, signals),
      acceptedAt: iso(row.acceptedAt),
      completedAt: iso(row.completedAt),
    };
    byTask.set(row.taskId, [...(byTask.get(row.taskId) ?? []), summary]);
  }
  return { byTask, inScope };
}

/** A task the caller may see, or 404 (a unit without an assignment on it cannot tell it exists). */
export async function taskDetail(
  dataSource: DataSource,
  scope: Scope,
  id: string,
  signals: SignalParams,
): Promise<TaskDetail> {
  const params = new SqlParams();
  const columns = taskRowColumns(signals, params);
  const visible = scopeCondition(scope, params) ?? 'TRUE';
  const rows: (TaskRow & { description: string | null; measure_path: string[] | null })[] =
    await dataSource.query(
      `SELECT ${columns}, t.description, m.path AS measure_path
       FROM task t
       LEFT JOIN policy_document d ON d.id = t.document_id
       LEFT JOIN measure m ON m.id = t.measure_id
      WHERE t.id = ${params.add(id)} AND ${visible}`,
      params.values,
    );
  if (!rows.length) throw notFound('督办事项');
  const [row] = rows;
  const [{ byTask, inScope }, comments] = await Promise.all([
    assignmentSummaries(dataSource, [id], signals, scope),
    commentViews(dataSource, id),
  ]);
  const assignments = byTask.get(id) ?? [];
  const unitName = new Map(assignments.map((a) => [a.id, a.unitName]));
  // A shared task shows each caller the reports, extensions and history of the units they oversee only.
  const visibleIds = assignments.filter((a) => inScope.has(a.id)).map((a) => a.id);
  const [reports, extensionRequests, history] = await Promise.all([
    reportViews(dataSource, 'r.assignment_id = ANY($1)', [visibleIds]),
    extensionViews(dataSource, visibleIds, unitName),
    taskHistory(dataSource, id, row.created_at, visibleIds),
  ]);
  return {
    ...toSummary(row, assignments, signals),
    description: row.description,
    measurePath: row.measure_path ?? [],
    reports,
    extensionRequests,
    comments,
    history: describeHistory(history, { unitNames: new Map(assignments.map((a) => [a.unitId, a.unitName])) }),
  };
}

/**
 * The audit trail of the task, its visible assignments and their reports and extension requests, oldest
 * first: one statement on ix_audit_entry_entity, pruned to the partitions since the task was created.
 */
async function taskHistory(
  dataSource: DataSource,
  taskId: string,
  createdAt: Date,
  assignmentIds: string[],
): Promise<HistoryRow[]> {
  return dataSource.query(
    `SELECT a.at, a.actor_id AS "actorId", a.actor_name AS "actorName", un.name AS "actorUnitName", a.action,
            a.entity_type AS "entityType", a.before, a.after
       FROM audit_entry a
       LEFT JOIN app_user au ON au.id = a.actor_id
       LEFT JOIN unit un ON un.id = au.unit_id
      WHERE a.at >= $3::timestamptz - interval '1 day'
        AND a.entity_type = ANY('{task,assignment,report,extension_request}'::text[])
        AND a.entity_id = ANY(ARRAY[$1::text] || $2::text[]
              || ARRAY(SELECT id::text FROM progress_report WHERE assignment_id = ANY($2::uuid[]))
              || ARRAY(SELECT id::text FROM extension_request WHERE assignment_id = ANY($2::uuid[])))
      ORDER BY a.at, a.id`,
    [taskId, assignmentIds, createdAt],
  );
}

async function commentViews(dataSource: DataSource, taskId: string): Promise<TaskCommentView[]> {
  const rows: Record<string, never>[] = await dataSource.query(
    `SELECT c.*, u.display_name AS author_name FROM task_comment c LEFT JOIN app_user u ON u.id = c.author_id
      WHERE c.task_id = $1 ORDER BY c.created_at`,
    [taskId],
  );
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    content: c.content,
    authorName: c.author_name,
    createdAt: iso(c.created_at)!,
  }));
}

async function extensionViews(
  dataSource: DataSource,
  assignmentIds: string[],
  unitName: Map<string, string>,
): Promise<ExtensionRequestView[]> {
  if (!assignmentIds.length) return [];
  const rows: Record<string, never>[] = await dataSource.query(
    `SELECT e.*, to_char(e.current_deadline, 'YYYY-MM-DD') AS current_deadline_text,
            to_char(e.requested_deadline, 'YYYY-MM-DD') AS requested_deadline_text
       FROM extension_request e WHERE e.assignment_id = ANY($1) ORDER BY e.created_at DESC`,
    [assignmentIds],
  );
  return rows.map((e) => ({
    id: e.id,
    assignmentId: e.assignment_id,
    unitName: unitName.get(e.assignment_id) ?? '',
    currentDeadline: e.current_deadline_text,
    requestedDeadline: e.requested_deadline_text,
    reason: e.reason,
    status: e.status,
    decisionComment: e.decision_comment,
    decidedAt: iso(e.decided_at),
    createdAt: iso(e.created_at)!,
  }));
}

/** Progress reports matching a condition on alias `r`, newest first, with their unit and attachments (one statement). */
export async function reportViews(
  dataSource: DataSource,
  condition: string,
  params: unknown[],
): Promise<ProgressReportView[]> {
  const reports: Record<string, never>[] = await dataSource.query(
    `SELECT r.*, u.display_name AS created_by_name, w.name AS unit_name,
            COALESCE((SELECT json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'size', f.size,
                                                        'contentType', f.content_type) ORDER BY f.created_at)
                        FROM attachment f WHERE f.report_id = r.id), '[]') AS attachments
       FROM progress_report r
       JOIN assignment a ON a.id = r.assignment_id JOIN unit w ON w.id = a.unit_id
       LEFT JOIN app_user u ON u.id = r.created_by
      WHERE ${condition} ORDER BY r.created_at DESC`,
    params,
  );
  return reports.map((r) => ({
    id: r.id,
    assignmentId: r.assignment_id,
    unitName: r.unit_name,
    content: r.content,
    progress: r.progress,
    status: r.status,
    reviewComment: r.review_comment,
    reviewedAt: iso(r.reviewed_at),
    createdAt: iso(r.created_at)!,
    createdByName: r.created_by_name,
    attachments: (r.attachments as { id: string; fileName: string; size: number; contentType: string }[]).map(
      (a) => ({ ...a, url: `/api/v1/attachments/${a.id}` }),
    ),
  }));
}

/** One progress report as the report POST answers it. */
export async function reportView(dataSource: DataSource, reportId: string): Promise<ProgressReportView> {
  const [view] = await reportViews(dataSource, 'r.id = $1', [reportId]);
  if (!view) throw notFound('进展报告');
  return view;
}
