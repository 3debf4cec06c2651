import { z } from 'zod';
import { type ListParams, pageQuerySchema, queryBoolean, timestamp, uuid } from './common';
import { cappedPageSchema } from './tasks';

export const NOTIFICATION_KINDS = [
  'due_soon',
  'overdue',
  'report_due',
  'urge',
  'escalation',
  'review_result',
  'digest',
  'assignment',
  'cancellation',
  'submission',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  due_soon: '临期提醒',
  overdue: '逾期提醒',
  report_due: '报送提醒',
  urge: '催办',
  escalation: '督办',
  review_result: '审核结果',
  digest: '每日汇总',
  assignment: '新交办',
  cancellation: '撤销通知',
  submission: '待审核',
};

/** One line of a message that gathers several tasks (a digest, a batch of new assignments): it links to its task. */
export const messageLineSchema = z.object({ taskId: z.uuid().nullable(), title: z.string() });
export type MessageLine = z.infer<typeof messageLineSchema>;
/** What a message carries besides its text; stored with the ledger row and with the in-app copy. */
export const messagePayloadSchema = z.object({ lines: z.array(messageLineSchema).optional() });
export type MessagePayload = z.infer<typeof messagePayloadSchema>;

export const notificationViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  taskId: z.uuid().nullable(),
  assignmentId: z.uuid().nullable(),
  title: z.string(),
  body: z.string(),
  payload: messagePayloadSchema.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;
export const notificationPageSchema = z.object({
  items: z.array(notificationViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The caller's unread count (the header badge). */
  unreadCount: z.number().int(),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;
export const notificationQuerySchema = pageQuerySchema.extend({ unread: queryBoolean.optional() });
export type NotificationParams = ListParams<typeof notificationQuerySchema>;
export const readAllResultSchema = z.object({ updated: z.number().int() });
export type ReadAllResult = z.infer<typeof readAllResultSchema>;

export const reminderRulesSchema = z.object({
  dueSoonDays: z.array(z.number().int().min(1).max(60)).max(10).default([7, 3, 1]),
  remindOnDeadlineDay: z.boolean().default(true),
  overdueEveryWorkingDays: z.number().int().min(1).max(30).default(1),
  escalateAfterWorkingDays: z.number().int().min(1).max(90).default(5),
  /** Remind an ongoing task's units this many working days before a report-cycle period ends. */
  reportDueLeadWorkingDays: z.number().int().min(0).max(20).default(3),
  digestThreshold: z.number().int().min(2).max(100).default(5),
  lightDueSoonDays: z.number().int().min(1).max(60).default(7),
});
export type ReminderRules = z.infer<typeof reminderRulesSchema>;
export const DEFAULT_REMINDER_RULES: ReminderRules = reminderRulesSchema.parse({});

export const sweepResultSchema = z.object({
  now: z.string(),
  considered: z.number().int(),
  created: z.number().int(),
  enqueued: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  /** Ledger rows found undelivered and enqueued again. */
  recovered: z.number().int(),
  durationMs: z.number(),
  sqlMs: z.number(),
});
export type SweepResult = z.infer<typeof sweepResultSchema>;

export const REMINDER_STATUSES = ['pending', 'sent', 'failed', 'digested'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];
/** One row of the reminder ledger: what was due, to whom, and whether it went out. */
export const reminderViewSchema = z.object({
  id: uuid,
  assignmentId: uuid.nullable(),
  taskId: uuid.nullable(),
  rule: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  bucket: z.string(),
  recipientId: uuid,
  recipientName: z.string().nullable(),
  title: z.string(),
  status: z.enum(REMINDER_STATUSES),
  attempts: z.number().int(),
  deliveredChannels: z.array(z.string()),
  lastError: z.string().nullable(),
  digestId: uuid.nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});
export type ReminderView = z.infer<typeof reminderViewSchema>;
export const reminderPageSchema = cappedPageSchema(reminderViewSchema);
