import { z } from 'zod';
import { auditChangeSchema } from './audit-labels';
import {
  boundedDateRange,
  isoDate,
  type ListParams,
  pageQuerySchema,
  pageSchema,
  queryBoolean,
  timestamp,
  uuid,
} from './common';
import { LIGHTS } from './signals';
import { ASSIGNMENT_ROLES, ASSIGNMENT_STATUSES, REPORT_CYCLES, TASK_STATUSES } from './workflow';

/** The one due-soon ruler: working days of the Chinese calendar, as the reminders count them. */
export const daysLeftRulerSchema = z.literal('working_days');

/** The signals the API returns per assignment, so clients show them instead of recomputing. */
export const assignmentSignalFieldsSchema = z.object({
  overdue: z.boolean(),
  /** Open, not overdue, due within the light's due-soon window (临期). */
  dueSoon: z.boolean(),
  light: z.enum(LIGHTS),
  /**
   * Working days from today to the deadline (0: due today; negative: working days overdue, as the
   * reminders say 已逾期 N 个工作日); null without a deadline or once done.
   */
  daysLeft: z.number().int().nullable(),
  /** The ruler daysLeft and dueSoon count in. */
  daysLeftRuler: daysLeftRulerSchema,
  canRequestExtension: z.boolean(),
});

export const assignmentSummarySchema = assignmentSignalFieldsSchema.extend({
  id: uuid,
  taskId: uuid,
  unitId: uuid,
  unitName: z.string(),
  role: z.enum(ASSIGNMENT_ROLES),
  status: z.enum(ASSIGNMENT_STATUSES),
  progress: z.number(),
  deadline: z.string().nullable(),
  extensionCount: z.number().int(),
  acceptedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  version: z.number().int(),
});
export type AssignmentSummary = z.infer<typeof assignmentSummarySchema>;

/**
 * An assignment as a task list row carries it (API.md): who, in which role, how far, and whether it is
 * overdue. The task detail and 我的任务 carry the whole AssignmentSummary with its signals.
 */
export const assignmentBriefSchema = assignmentSummarySchema.pick({
  id: true,
  unitId: true,
  unitName: true,
  role: true,
  status: true,
  progress: true,
  deadline: true,
  overdue: true,
});
export type AssignmentBrief = z.infer<typeof assignmentBriefSchema>;

/** Totals stop counting here: beyond it a list says "10,000+" (totalCapped) instead of scanning on. */
export const TOTAL_CAP = 10_000;

/** A page of a list whose total may be capped: `total` is exact, or TOTAL_CAP when `totalCapped` ("10,000+"). */
export function cappedPageSchema<T extends z.ZodType>(item: T) {
  return pageSchema(item).extend({ totalCapped: z.boolean() });
}
export type CappedPage<T> = {
  items: T[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
};

/** One row of GET /assignments/mine: the unit's assignment with its task and source document. */
export const myAssignmentViewSchema = assignmentSummarySchema.extend({
  taskCode: z.string(),
  taskTitle: z.string(),
  taskStatus: z.enum(TASK_STATUSES),
  documentTitle: z.string().nullable(),
});
export type MyAssignmentView = z.infer<typeof myAssignmentViewSchema>;
export const myAssignmentPageSchema = cappedPageSchema(myAssignmentViewSchema);

export const taskSummarySchema = z.object({
  id: uuid,
  code: z.string(),
  title: z.string(),
  documentId: uuid.nullable(),
  documentTitle: z.string().nullable(),
  measureNumber: z.string().nullable(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  reportCycle: z.enum(REPORT_CYCLES).nullable(),
  status: z.enum(TASK_STATUSES),
  progress: z.number(),
  overdue: z.boolean(),
  /** In progress, not overdue, its earliest open deadline within the due-soon window (临期). */
  dueSoon: z.boolean(),
  light: z.enum(LIGHTS),
  /** Working days to the earliest open deadline (negative: overdue); null when nothing open has a deadline. */
  daysLeft: z.number().int().nullable(),
  daysLeftRuler: daysLeftRulerSchema,
  version: z.number().int(),
  createdAt: timestamp,
  assignments: z.array(assignmentBriefSchema),
});
/** A task list row: the task's fields and signals, its assignments in brief. */
export type TaskSummary = z.infer<typeof taskSummarySchema>;

/** GET /tasks: a page of the task list, with opaque keyset cursors to the pages beside it. */
export const taskPageSchema = cappedPageSchema(taskSummarySchema).extend({
  /** Pass as `cursor` for the following page (null: this is the last page). */
  nextCursor: z.string().nullable(),
  /** Pass as `cursor` for the preceding page (null: this is the first page). */
  prevCursor: z.string().nullable(),
});
export type TaskPage = z.infer<typeof taskPageSchema>;

export const attachmentViewSchema = z.object({
  id: uuid,
  fileName: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const progressReportViewSchema = z.object({
  id: uuid,
  assignmentId: uuid,
  unitName: z.string(),
  content: z.string(),
  progress: z.number(),
  status: z.enum(['submitted', 'approved', 'rejected']),
  reviewComment: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  createdAt: timestamp,
  createdByName: z.string().nullable(),
  attachments: z.array(attachmentViewSchema),
});
export type ProgressReportView = z.infer<typeof progressReportViewSchema>;

export const extensionRequestViewSchema = z.object({
  id: uuid,
  assignmentId: uuid,
  unitName: z.string(),
  currentDeadline: z.string().nullable(),
  requestedDeadline: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decisionComment: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type ExtensionRequestView = z.infer<typeof extensionRequestViewSchema>;

export const taskCommentViewSchema = z.object({
  id: uuid,
  kind: z.enum(['instruction', 'comment']),
  content: z.string(),
  authorName: z.string().nullable(),
  createdAt: timestamp,
});
export type TaskCommentView = z.infer<typeof taskCommentViewSchema>;

/** One step of a task's 办理记录: who (name and unit), what (in words) and which fields changed. */
export const timelineEntrySchema = z.object({
  at: timestamp,
  action: z.string(),
  /** null: the system (a sweep, a job). */
  actorName: z.string().nullable(),
  /** The actor's unit today; null for the system and for people without a unit. */
  actorUnitName: z.string().nullable(),
  entityType: z.string(),
  /** The step in words, e.g. 进展填报（测试市行政审批局：已梳理…）. */
  summary: z.string(),
  /** The fields the step changed (or, for a creation, set), before → after in words. */
  changes: z.array(auditChangeSchema),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const taskDetailSchema = taskSummarySchema.extend({
  assignments: z.array(assignmentSummarySchema),
  description: z.string().nullable(),
  measurePath: z.array(z.string()),
  reports: z.array(progressReportViewSchema),
  extensionRequests: z.array(extensionRequestViewSchema),
  comments: z.array(taskCommentViewSchema),
  history: z.array(timelineEntrySchema),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

/** What a 催办 sent: the ledger rows it recorded. */
export const urgeResultSchema = z.object({ reminders: z.number().int() });
export type UrgeResult = z.infer<typeof urgeResultSchema>;

const taskListFields = pageQuerySchema.extend({
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
// A reversed deadline range is a slip of the hand: say so rather than answer an empty list.
const deadlineRange = boundedDateRange('deadlineFrom', 'deadlineTo');
export const taskListQuerySchema = taskListFields.superRefine(deadlineRange);
/** The list's filters without paging (the ledger export). */
export const taskFilterQuerySchema = taskListFields
  .omit({ page: true, pageSize: true })
  .superRefine(deadlineRange);
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;
/** The list's query as a client sends it (strings, as in a query string). */
export type TaskListParams = ListParams<typeof taskListQuerySchema>;
/** The task list's filters without paging: what the page URL and the ledger export carry. */
export type TaskFilters = Omit<TaskListParams, 'page' | 'pageSize'>;

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
export type UrgeRequest = z.infer<typeof urgeSchema>;
export const commentSchema = z.object({
  content: z.string().trim().min(1, { message: '请输入批示内容' }).max(5000),
});
export type CommentRequest = z.infer<typeof commentSchema>;

export const myAssignmentsQuerySchema = pageQuerySchema.extend({
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  overdue: queryBoolean.optional(),
});
export type MyAssignmentsParams = ListParams<typeof myAssignmentsQuerySchema>;
export type MyAssignmentFilters = Omit<MyAssignmentsParams, 'page' | 'pageSize'>;

export const returnAssignmentSchema = z.object({
  reason: z.string().trim().min(2, { message: '请说明退回理由' }).max(2000),
});
export type ReturnAssignmentRequest = z.infer<typeof returnAssignmentSchema>;
export const reassignSchema = z.object({ unitId: uuid });
export type ReassignRequest = z.infer<typeof reassignSchema>;
export const submitReportSchema = z.object({
  content: z.string().trim().min(2, { message: '请填写进展情况（至少 2 个字）' }).max(20000),
  progress: z.coerce
    .number()
    .int()
    .min(0, { message: '进度应在 0–100 之间' })
    .max(100, { message: '进度应在 0–100 之间' }),
  attachments: z.array(uuid).max(20).optional(),
});
export type SubmitReportRequest = z.infer<typeof submitReportSchema>;
export const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject'], { message: 'decision 只能是 approve 或 reject' }),
  comment: z.string().trim().max(2000).optional(),
});
/** 审核, 延期审批 and 销号: one approve/reject answer with an optional comment. */
export type Decision = z.infer<typeof decisionSchema>;
export const extensionRequestSchema = z.object({
  requestedDeadline: isoDate,
  reason: z.string().trim().min(2, { message: '请说明延期理由' }).max(2000),
});
export type ExtensionRequestInput = z.infer<typeof extensionRequestSchema>;
export const completionRequestSchema = z.object({
  summary: z.string().trim().min(2, { message: '请填写办结情况' }).max(20000),
});
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
