import type { TimelineEntry } from '@duban/contracts';
import type { AuditEntry } from '../audit/audit-entry.entity';

const ACTION_LABELS: Record<string, string> = {
  'task.create': '交办任务',
  'task.update': '修改任务',
  'task.instruction': '领导批示',
  'task.comment': '备注',
  'task.completed': '任务办结',
  'assignment.accept': '签收',
  'assignment.return': '退回',
  'assignment.reassign': '改派',
  'assignment.report': '进展填报',
  'assignment.completion_request': '申请办结',
  'assignment.complete': '办结销号',
  'assignment.completion_reject': '办结申请退回',
  'report.approve': '审核通过进展',
  'report.reject': '退回进展',
  'extension.request': '申请延期',
  'extension.approve': '批准延期',
  'extension.reject': '驳回延期',
  'reminder.urge': '催办',
};

/** The audit trail of a task and its children as a timeline a clerk can read. */
export function describeHistory(entries: AuditEntry[]): TimelineEntry[] {
  return entries.map((entry) => {
    const after = (entry.after ?? {}) as Record<string, unknown>;
    const detail = [after.unitName, after.reason, after.comment, after.content, after.message]
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .join('：');
    const label = ACTION_LABELS[entry.action] ?? entry.action;
    return {
      at: entry.at.toISOString(),
      action: entry.action,
      actorName: entry.actorName,
      entityType: entry.entityType,
      summary: detail ? `${label}（${detail.slice(0, 200)}）` : label,
    };
  });
}
