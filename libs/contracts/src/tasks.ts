import { z } from 'zod';
import type { AuditChange } from './audit-labels';
import { isoDate, pageQuerySchema, queryBoolean, uuid } from './common';
import { LIGHTS, type AssignmentSignalFields, type DaysLeftRuler, type Light } from './signals';
import {
  ASSIGNMENT_STATUSES,
  REPORT_CYCLES,
  TASK_STATUSES,
  type AssignmentRole,
  type AssignmentStatus,
  type ReportCycle,
  type TaskStatus,
} from './workflow';

export interface AssignmentSummary extends AssignmentSignalFields {
  id: string;
  taskId: string;
  unitId: string;
  unitName: string;
  role: AssignmentRole;
  status: AssignmentStatus;
  progress: number;
  deadline: string | null;
  extensionCount: number;
  acceptedAt: string | null;
  completedAt: string | null;
  version: number;
}

/** One row of GET /assignments/mine: the unit's assignment with its task and source document. */
export interface MyAssignmentView extends AssignmentSummary {
  taskCode: string;
  taskTitle: string;
  taskStatus: string;
  documentTitle: string | null;
}

export interface TaskSummary {
  id: string;
  code: string;
  title: string;
  documentId: string | null;
  documentTitle: string | null;
  measureNumber: string | null;
  deadline: string | null;
  ongoing: boolean;
  reportCycle: ReportCycle | null;
  status: TaskStatus;
  progress: number;
  overdue: boolean;
  /** In progress, not overdue, its earliest open deadline within the due-soon window (临期). */
  dueSoon: boolean;
  light: Light;
  /** Working days to the earliest open deadline (negative: overdue); null when nothing open has a deadline. */
  daysLeft: number | null;
  daysLeftRuler: DaysLeftRuler;
  version: number;
  createdAt: string;
  assignments: AssignmentSummary[];
}

/** Totals stop counting here: beyond it a list says "10,000+" (totalCapped) instead of scanning on. */
export const TOTAL_CAP = 10_000;

/** A page of a list whose total may be capped. */
export interface CappedPage<T> {
  items: T[];
  /** Exact, or TOTAL_CAP when totalCapped. */
  total: number;
  /** true: more than `total` rows match (shown as "10,000+"). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/** GET /tasks: a page of the task list, with opaque keyset cursors to the pages beside it. */
export interface TaskPage extends CappedPage<TaskSummary> {
  /** Pass as `cursor` for the following page (null: this is the last page). */
  nextCursor: string | null;
  /** Pass as `cursor` for the preceding page (null: this is the first page). */
  prevCursor: string | null;
}

export interface AttachmentView {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
  url: string;
}

export interface ProgressReportView {
  id: string;
  assignmentId: string;
  unitName: string;
  content: string;
  progress: number;
  status: 'submitted' | 'approved' | 'rejected';
  reviewComment: string | null;
  reviewedAt: string | null;
  createdAt: string;
  createdByName: string | null;
  attachments: AttachmentView[];
}

export interface ExtensionRequestView {
  id: string;
  assignmentId: string;
  unitName: string;
  currentDeadline: string | null;
  requestedDeadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  decisionComment: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface TaskCommentView {
  id: string;
  kind: 'instruction' | 'comment';
  content: string;
  authorName: string | null;
  createdAt: string;
}

/** One step of a task's 办理记录: who (name and unit), what (in words) and which fields changed. */
export interface TimelineEntry {
  at: string;
  action: string;
  /** null: the system (a sweep, a job). */
  actorName: string | null;
  /** The actor's unit today; null for the system and for people without a unit. */
  actorUnitName: string | null;
  entityType: string;
  /** The step in words, e.g. 进展填报（测试市行政审批局：已梳理…）. */
  summary: string;
  /** The fields the step changed (or, for a creation, set), before → after in words. */
  changes: AuditChange[];
}

export interface TaskDetail extends TaskSummary {
  description: string | null;
  measurePath: string[];
  reports: ProgressReportView[];
  extensionRequests: ExtensionRequestView[];
  comments: TaskCommentView[];
  history: TimelineEntry[];
}

export const taskListQuerySchema = pageQuerySchema.extend({
  documentId: uuid.optional(),
  unitId: uuid.optional(),
  /** A region (or any unit): tasks with an assignment of a unit at or below it. */
  regionId: uuid.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  light: z.enum(LIGHTS).optional(),
  overdue: queryBoolean.optional(),
  /** In progress, not overdue, some open assignment due within the due-soon window (临期). With unitId,
   * overdue and dueSoon are that unit's own assignment's (the per-unit ranking counts the same). */
  dueSoon: queryBoolean.optional(),
  q: z.string().trim().max(100).optional(),
  deadlineFrom: isoDate.optional(),
  deadlineTo: isoDate.optional(),
  /** A nextCursor or prevCursor of an earlier page: its cost does not grow with the depth (page is then only echoed). */
  cursor: z.string().max(400).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

const unitIds = z.array(uuid).max(200);
export const createTaskSchema = z
  .object({
    title: z.string().trim().min(1, { message: '请输入任务名称' }).max(500),
    description: z.string().max(20000).nullish(),
    deadline: isoDate.nullish(),
    ongoing: z.boolean().default(false),
    reportCycle: z.enum(REPORT_CYCLES).nullish(),
    leadUnitIds: unitIds.default([]),
    responsibleUnitIds: unitIds.default([]),
  })
  .refine((body) => body.leadUnitIds.length + body.responsibleUnitIds.length > 0, {
    message: '请至少指定一个牵头单位或责任单位',
    path: ['leadUnitIds'],
  })
  .refine((body) => body.ongoing || body.deadline, {
    message: '请填写完成时限，或标记为长期任务',
    path: ['deadline'],
  });
export type CreateTaskRequest = z.infer<typeof createTaskSchema>;

export const updateTaskSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(20000).nullish(),
  deadline: isoDate.nullish(),
  ongoing: z.boolean().optional(),
  reportCycle: z.enum(REPORT_CYCLES).nullish(),
  status: z.enum(['in_progress', 'cancelled']).optional(),
  version: z.number({ message: '缺少版本号 version' }).int(),
});
export type UpdateTaskRequest = z.infer<typeof updateTaskSchema>;

export const cancelTaskSchema = z.object({
  reason: z.string().trim().min(2, { message: '请说明撤销理由' }).max(2000),
});
export type CancelTaskRequest = z.infer<typeof cancelTaskSchema>;

export const urgeSchema = z.object({
  message: z.string().trim().min(1, { message: '请输入催办内容' }).max(1000),
  unitIds: unitIds.optional(),
});
export const commentSchema = z.object({
  content: z.string().trim().min(1, { message: '请输入批示内容' }).max(5000),
});

export const myAssignmentsQuerySchema = pageQuerySchema.extend({
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  overdue: queryBoolean.optional(),
});

export const returnAssignmentSchema = z.object({
  reason: z.string().trim().min(2, { message: '请说明退回理由' }).max(2000),
});
export const reassignSchema = z.object({ unitId: uuid });
export const submitReportSchema = z.object({
  content: z.string().trim().min(2, { message: '请填写进展情况' }).max(20000),
  progress: z.coerce
    .number()
    .int()
    .min(0, { message: '进度应在 0–100 之间' })
    .max(100, { message: '进度应在 0–100 之间' }),
  attachments: z.array(uuid).max(20).optional(),
});
export const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject'], { message: 'decision 只能是 approve 或 reject' }),
  comment: z.string().trim().max(2000).optional(),
});
export const extensionRequestSchema = z.object({
  requestedDeadline: isoDate,
  reason: z.string().trim().min(2, { message: '请说明延期理由' }).max(2000),
});
export const completionRequestSchema = z.object({
  summary: z.string().trim().min(2, { message: '请填写办结情况' }).max(20000),
});
