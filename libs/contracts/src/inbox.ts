import { z } from 'zod';
import { type ListParams, pageQuerySchema } from './common';

// A supervisor's 待办: what waits for them in their jurisdiction.
export const INBOX_KINDS = ['reports', 'extensions', 'completions', 'overdue'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];
export const INBOX_KIND_LABELS: Record<InboxKind, string> = {
  reports: '进展待审核',
  extensions: '延期待审批',
  completions: '办结待审核',
  overdue: '逾期待催办',
};

export const inboxCountsSchema = z.object({
  reports: z.number().int(),
  extensions: z.number().int(),
  completions: z.number().int(),
  overdue: z.number().int(),
  /** Everything to decide (reports, extensions, completions): the menu badge. */
  toDecide: z.number().int(),
});
export type InboxCounts = z.infer<typeof inboxCountsSchema>;

export const inboxQuerySchema = pageQuerySchema.extend({
  kind: z.enum(INBOX_KINDS, { message: 'kind 应为 reports、extensions、completions 或 overdue' }),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;
export type InboxParams = ListParams<typeof inboxQuerySchema>;

export const inboxItemSchema = z.object({
  /** The report, the extension request, or the assignment (completions, overdue): what a decision acts on. */
  id: z.uuid(),
  kind: z.enum(INBOX_KINDS),
  taskId: z.uuid(),
  taskCode: z.string(),
  taskTitle: z.string(),
  assignmentId: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  deadline: z.string().nullable(),
  /** Report content, extension reason or completion summary; null for overdue items. */
  text: z.string().nullable(),
  progress: z.number().int().nullable(),
  requestedDeadline: z.string().nullable(),
  /** When it arrived (overdue: the deadline's next day is implied, this is the assignment's last change). */
  at: z.string(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
export const inboxPageSchema = z.object({
  items: z.array(inboxItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type InboxPage = z.infer<typeof inboxPageSchema>;
