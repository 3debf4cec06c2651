import { z } from 'zod';
import { pageQuerySchema, queryBoolean } from './common';

export const NOTIFICATION_KINDS = [
  'due_soon',
  'overdue',
  'report_due',
  'urge',
  'escalation',
  'review_result',
  'digest',
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
};

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  taskId: string | null;
  assignmentId: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}
export const notificationQuerySchema = pageQuerySchema.extend({ unread: queryBoolean.optional() });

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

export interface SweepResult {
  now: string;
  considered: number;
  created: number;
  enqueued: number;
  byKind: Record<string, number>;
}
