// A task's detail (承办单位, reports, extensions, comments, history) and the assignment summaries every
// task view carries. Few statements, each on an index: the task by id, its assignments by
// uq_assignment_task_unit, reports and extensions by assignment, the audit trail by (entity_type,
// entity_id, at) in the partitions since the task was created.
import type {
  AssignmentSummary,
  ExtensionRequestView,
  ProgressReportView,
  TaskCommentView,
  TaskDetail,
  TaskSummary,
} from '@duban/contracts';

/** A task summary with its assignments whole, as the detail shows them. */
type TaskWithAssignments = Omit<TaskSummary, 'assignments'> & Pick<TaskDetail, 'assignments'>;
import type { ReadQuery } from '../../database/prepared';
import { notFound } from '../../common/app-error';
import { SqlParams } from '../../common/sql-params';
import { pathWithinSql, type Scope } from '../units/jurisdiction';
import { ASSIGNMENT_UNIT, assignmentSummarySql, taskSummarySql, withToday } from './summary-json';
import { describeHistory, type HistoryRow } from './task-history';
import { scopeCondition, type SignalParams } from './task-query';

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** One assignment's summary, or null when the task holds no such assignment. */
export async function assignmentSummary(
  read: ReadQuery,
  taskId: string,
  id: string,
  signals: SignalParams,
): Promise<AssignmentSummary | null> {
  const params = new SqlParams();
  const [row] = await read<{ summary: string }>(
    `SELECT ${assignmentSummarySql(signals, params)}::text AS summary
       FROM assignment a JOIN task t ON t.id = a.task_id ${ASSIGNMENT_UNIT}
      WHERE a.id = ${params.add(id)} AND a.task_id = ${params.add(taskId)}`,
    params.values,
  );
  return row ? JSON.parse(withToday(row.summary, signals)) : null;
}

/** A task the caller may see, or 404 (a unit without an assignment on it cannot tell it exists). Two round trips. */
export async function taskDetail(
  read: ReadQuery,
  scope: Scope,
  id: string,
  signals: SignalParams,
): Promise<TaskDetail> {
  const params = new SqlParams();
  const visible = scopeCondition(scope, params) ?? 'TRUE';
  const rows = await read<{
    summary: string;
    created_at: Date;
    description: string | null;
    measure_path: string[] | null;
    overseen: string[];
    comments: CommentRow[];
  }>(
    `SELECT ${taskSummarySql(signals, params, 'full')}::text AS summary, t.created_at, t.description,
            (SELECT m.path FROM measure m WHERE m.id = t.measure_id) AS measure_path,
            ARRAY(SELECT a.id FROM assignment a ${ASSIGNMENT_UNIT}
                   WHERE a.task_id = t.id AND ${oversees(scope, params)}) AS overseen,
            COALESCE((SELECT json_agg(c ORDER BY c.created_at)
                        FROM (SELECT c.id, c.kind, c.content, c.created_at, u.display_name AS author_name
                                FROM task_comment c LEFT JOIN app_user u ON u.id = c.author_id
                               WHERE c.task_id = t.id) c), '[]') AS comments
       FROM task t
      WHERE t.id = ${params.add(id)} AND ${visible}`,
    params.values,
  );
  if (!rows.length) throw notFound('督办事项');
  const [row] = rows;
  const summary: TaskWithAssignments = JSON.parse(withToday(row.summary, signals));
  const unitName = new Map(summary.assignments.map((a) => [a.id, a.unitName]));
  // A shared task shows each caller the reports, extensions and history of the units they oversee only.
  const visibleIds = row.overseen;
  const [trail] = await read<{ reports: ReportRow[]; extensions: ExtensionRow[]; history: HistoryJson[] }>(
    `SELECT COALESCE((SELECT json_agg(r ORDER BY r.created_at DESC) FROM (${reportRowsSql('r.assignment_id = ANY($2::uuid[])')}) r), '[]') AS reports,
              COALESCE((SELECT json_agg(e ORDER BY e.created_at DESC)
                          FROM (SELECT e.id, e.assignment_id, e.reason, e.status, e.decision_comment, e.decided_at, e.created_at,
                                       to_char(e.current_deadline, 'YYYY-MM-DD') AS current_deadline,
                                       to_char(e.requested_deadline, 'YYYY-MM-DD') AS requested_deadline
                                  FROM extension_request e WHERE e.assignment_id = ANY($2::uuid[])) e), '[]') AS extensions,
              COALESCE((SELECT json_agg(h ORDER BY h.at, h.id) FROM (${HISTORY_SQL}) h), '[]') AS history`,
    [id, visibleIds, row.created_at],
  );
  return {
    ...summary,
    description: row.description,
    measurePath: row.measure_path ?? [],
    reports: trail.reports.map(toReportView),
    extensionRequests: trail.extensions.map((e) => ({
      id: e.id,
      assignmentId: e.assignment_id,
      unitName: unitName.get(e.assignment_id) ?? '',
      currentDeadline: e.current_deadline,
      requestedDeadline: e.requested_deadline,
      reason: e.reason,
      status: e.status,
      decisionComment: e.decision_comment,
      decidedAt: iso(e.decided_at),
      createdAt: iso(e.created_at)!,
    })),
    comments: row.comments.map((c): TaskCommentView => ({
      id: c.id,
      kind: c.kind,
      content: c.content,
      authorName: c.author_name,
      createdAt: iso(c.created_at)!,
    })),
    history: describeHistory(
      trail.history.map(({ id: _id, ...entry }) => ({ ...entry, at: new Date(entry.at) })),
      { unitNames: new Map(summary.assignments.map((a) => [a.unitId, a.unitName])) },
    ),
  };
}

/** SQL: whether the caller oversees assignment `a`'s unit `u` (scope null or unrestricted: true). */
function oversees(scope: Scope, params: SqlParams): string {
  if (!scope.unitId) return 'true';
  return scope.ownUnitOnly
    ? `a.unit_id = ${params.add(scope.unitId)}`
    : `EXISTS (SELECT 1 FROM unit s WHERE s.id = ${params.add(scope.unitId)} AND ${pathWithinSql('u.path', 's.path')})`;
}

interface CommentRow {
  id: string;
  kind: TaskCommentView['kind'];
  content: string;
  created_at: string;
  author_name: string | null;
}

interface ExtensionRow {
  id: string;
  assignment_id: string;
  reason: string;
  status: ExtensionRequestView['status'];
  decision_comment: string | null;
  decided_at: string | null;
  created_at: string;
  current_deadline: string;
  requested_deadline: string;
}

type HistoryJson = Omit<HistoryRow, 'at'> & { at: string; id: string };

/**
 * The audit trail of the task ($1), its visible assignments ($2) and their reports and extension requests,
 * on ix_audit_entry_entity, pruned to the partitions since the task was created ($3). The actor's unit is a
 * lookup per entry: as an outer join the planner, expecting dozens of entries, hashed every user.
 */
const HISTORY_SQL = `SELECT a.id, a.at, a.actor_id AS "actorId", a.actor_name AS "actorName",
       (SELECT un.name FROM app_user au JOIN unit un ON un.id = au.unit_id WHERE au.id = a.actor_id) AS "actorUnitName",
       a.action, a.entity_type AS "entityType", a.before, a.after
  FROM audit_entry a
 WHERE a.at >= $3::timestamptz - interval '1 day'
   AND a.entity_type = ANY('{task,assignment,report,extension_request}'::text[])
   AND a.entity_id = ANY(ARRAY[$1::text] || $2::text[]
         || ARRAY(SELECT id::text FROM progress_report WHERE assignment_id = ANY($2::uuid[]))
         || ARRAY(SELECT id::text FROM extension_request WHERE assignment_id = ANY($2::uuid[])))`;

interface ReportRow {
  id: string;
  assignment_id: string;
  unit_name: string;
  content: string;
  progress: number;
  status: ProgressReportView['status'];
  review_comment: string | null;
  reviewed_at: string | Date | null;
  created_at: string | Date;
  created_by_name: string | null;
  attachments: { id: string; fileName: string; size: number; contentType: string }[];
}

/** SQL: progress reports matching a condition on alias `r`, with their unit and attachments. */
function reportRowsSql(condition: string): string {
  return `SELECT r.id, r.assignment_id, r.content, r.progress, r.status, r.review_comment, r.reviewed_at, r.created_at,
                 u.display_name AS created_by_name, w.name AS unit_name,
                 COALESCE((SELECT json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'size', f.size,
                                                             'contentType', f.content_type) ORDER BY f.created_at)
                             FROM attachment f WHERE f.report_id = r.id), '[]') AS attachments
            FROM progress_report r
            JOIN assignment a ON a.id = r.assignment_id JOIN unit w ON w.id = a.unit_id
            LEFT JOIN app_user u ON u.id = r.created_by
           WHERE ${condition}`;
}

const toReportView = (r: ReportRow): ProgressReportView => ({
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
  attachments: r.attachments.map((a) => ({ ...a, url: `/api/v1/attachments/${a.id}` })),
});

/** One progress report as the report POST answers it. */
export async function reportView(read: ReadQuery, reportId: string): Promise<ProgressReportView> {
  const [row] = await read<ReportRow>(reportRowsSql('r.id = $1'), [reportId]);
  if (!row) throw notFound('进展报告');
  return toReportView(row);
}
