import type {
  AssignmentSummary,
  ExtensionRequestView,
  ProgressReportView,
  TaskCommentView,
} from '@duban/contracts';
import { DataSource } from 'typeorm';

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** Reports (with attachments), extension requests and comments of one task, for the detail view. */
export async function loadTaskChildren(
  dataSource: DataSource,
  taskId: string,
  assignments: AssignmentSummary[],
  /** The assignments whose reports and extensions the caller may read. */
  visibleIds: ReadonlySet<string>,
): Promise<{
  reports: ProgressReportView[];
  extensionRequests: ExtensionRequestView[];
  comments: TaskCommentView[];
  entityIds: string[];
}> {
  const ids = assignments.filter((a) => visibleIds.has(a.id)).map((a) => a.id);
  const unitName = new Map(assignments.map((a) => [a.id, a.unitName]));
  const [reports, extensions, comments] = await Promise.all([
    reportViews(dataSource, 'r.assignment_id = ANY($1)', [ids], unitName),
    dataSource.query(
      `SELECT e.*, to_char(e.current_deadline, 'YYYY-MM-DD') AS current_deadline_text,
              to_char(e.requested_deadline, 'YYYY-MM-DD') AS requested_deadline_text
         FROM extension_request e WHERE e.assignment_id = ANY($1) ORDER BY e.created_at DESC`,
      [ids],
    ),
    dataSource.query(
      `SELECT c.*, u.display_name AS author_name FROM task_comment c LEFT JOIN app_user u ON u.id = c.author_id
        WHERE c.task_id = $1 ORDER BY c.created_at`,
      [taskId],
    ),
  ]);
  return {
    reports,
    extensionRequests: extensions.map((e: Record<string, never>) => ({
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
    })),
    comments: comments.map((c: Record<string, never>) => ({
      id: c.id,
      kind: c.kind,
      content: c.content,
      authorName: c.author_name,
      createdAt: iso(c.created_at)!,
    })),
    entityIds: [...reports.map((r: { id: string }) => r.id), ...extensions.map((e: { id: string }) => e.id)],
  };
}

/** Progress reports matching a condition on alias `r`, with their attachments, newest first. */
export async function reportViews(
  dataSource: DataSource,
  condition: string,
  params: unknown[],
  unitName: Map<string, string>,
): Promise<ProgressReportView[]> {
  const reports = await dataSource.query(
    `SELECT r.*, u.display_name AS created_by_name FROM progress_report r LEFT JOIN app_user u ON u.id = r.created_by
      WHERE ${condition} ORDER BY r.created_at DESC`,
    params,
  );
  const attachments = reports.length
    ? await dataSource.query(
        'SELECT id, file_name, size, content_type, report_id FROM attachment WHERE report_id = ANY($1) ORDER BY created_at',
        [reports.map((r: { id: string }) => r.id)],
      )
    : [];
  return reports.map((r: Record<string, never>) => ({
    id: r.id,
    assignmentId: r.assignment_id,
    unitName: unitName.get(r.assignment_id) ?? '',
    content: r.content,
    progress: r.progress,
    status: r.status,
    reviewComment: r.review_comment,
    reviewedAt: iso(r.reviewed_at),
    createdAt: iso(r.created_at)!,
    createdByName: r.created_by_name,
    attachments: attachments
      .filter((a: Record<string, never>) => a.report_id === r.id)
      .map((a: Record<string, never>) => ({
        id: a.id,
        fileName: a.file_name,
        size: a.size,
        contentType: a.content_type,
        url: `/api/v1/attachments/${a.id}`,
      })),
  }));
}
