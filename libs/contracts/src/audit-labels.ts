import { z } from 'zod';
// Chinese words for the audit trail: actions, entity types and field names, and a before/after diff a person
// can read. One home for the api (task history) and the web (审计日志).
import { DOCUMENT_STATUS_LABELS } from './documents';
import { UNIT_KIND_LABELS } from './directory';
import { ROLE_LABELS, type Role } from './roles';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  REPORT_CYCLE_LABELS,
  TASK_STATUS_LABELS,
} from './workflow';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'document.import': '导入文件',
  'document.publish': '交办文件',
  'document.withdraw': '撤回文件',
  'document.delete': '删除草稿',
  'measure.update': '修改措施',
  'measure.delete': '删除措施',
  'task.create': '交办任务',
  'task.update': '修改任务',
  'task.cancel': '撤销任务',
  'task.instruction': '领导批示',
  'task.comment': '添加意见',
  'task.completed': '任务办结',
  'task.urge': '催办',
  'assignment.create': '交办单位',
  'assignment.accept': '签收',
  'assignment.return': '退回',
  'assignment.reassign': '改派',
  'assignment.report': '进展填报',
  'assignment.report_approve': '进展审核通过',
  'assignment.report_reject': '进展退回',
  'assignment.extension_request': '申请延期',
  'assignment.extension_approve': '批准延期',
  'assignment.extension_reject': '驳回延期',
  'assignment.completion_request': '申请办结',
  'assignment.complete': '办结销号',
  'assignment.completion_reject': '办结申请退回',
  'report.submit': '提交进展',
  'report.approve': '审核通过进展',
  'report.reject': '退回进展',
  'extension.request': '申请延期',
  'extension.approve': '批准延期',
  'extension.reject': '驳回延期',
  'attachment.upload': '上传附件',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.import': '导入组织机构',
  'unit.alias_add': '添加单位别名',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'settings.reminder_rules': '修改提醒规则',
  'calendar.override': '调整工作日历',
  'calendar.override_removed': '恢复工作日历',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  document: '文件',
  measure: '措施',
  task: '任务',
  assignment: '承办事项',
  report: '进展填报',
  extension_request: '延期申请',
  attachment: '附件',
  unit: '单位',
  user: '用户',
  setting: '系统设置',
  calendar_day: '工作日历',
};

/**
 * A workflow step writes a row on the child (report, extension request) and one on the assignment in the
 * same transaction; a trail shows the assignment's row and drops its child twin.
 */
export const AUDIT_CHILD_TWINS: Record<string, string> = {
  'report.submit': 'assignment.report',
  'report.approve': 'assignment.report_approve',
  'report.reject': 'assignment.report_reject',
  'extension.request': 'assignment.extension_request',
  'extension.approve': 'assignment.extension_approve',
  'extension.reject': 'assignment.extension_reject',
};

/** The fields a person reads in a change, in display order; anything else (ids, versions, hashes) is left out. */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  title: '标题',
  name: '名称',
  code: '编号',
  docNumber: '发文字号',
  issuer: '发文机关',
  unitName: '单位',
  role: '承办角色',
  status: '状态',
  deadline: '完成时限',
  requestedDeadline: '申请时限',
  currentDeadline: '原时限',
  ongoing: '长期任务',
  reportCycle: '报送周期',
  progress: '完成进度',
  content: '内容',
  summary: '办结情况',
  reason: '理由',
  comment: '意见',
  message: '催办内容',
  decision: '审核结果',
  description: '任务描述',
  kind: '类别',
  region: '地区',
  aliases: '别名',
  alias: '别名',
  username: '用户名',
  displayName: '姓名',
  roles: '角色',
  active: '启用',
  isUnitHead: '单位负责人',
  email: '邮箱',
  phone: '电话',
  fileName: '文件名',
  date: '日期',
  workday: '工作日',
  note: '说明',
  extensionCount: '延期次数',
  reminders: '提醒条数',
  tasks: '任务数',
  taskIds: '任务数',
  assignmentIds: '催办单位数',
};

const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: {
    ...DOCUMENT_STATUS_LABELS,
    ...TASK_STATUS_LABELS,
    ...ASSIGNMENT_STATUS_LABELS,
    pending_review: '待审核',
    approved: '已通过',
    rejected: '已退回',
  },
  role: ASSIGNMENT_ROLE_LABELS,
  reportCycle: REPORT_CYCLE_LABELS,
  kind: { ...UNIT_KIND_LABELS, instruction: '批示', comment: '意见' },
  decision: { approve: '同意', reject: '不同意' },
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? '其他操作';
}

export function auditEntityLabel(entityType: string): string {
  return AUDIT_ENTITY_LABELS[entityType] ?? '其他';
}

/** One field's value as words: labels for codes, 是/否, counts for lists of ids, dates without the time. */
export function auditValueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (field === 'roles' && Array.isArray(value))
    return value.map((role) => ROLE_LABELS[role as Role] ?? String(role)).join('、');
  if (field.endsWith('Ids') && Array.isArray(value)) return `${value.length}`;
  if (field === 'progress' && typeof value === 'number') return `${value}%`;
  if (Array.isArray(value)) return value.map((item) => auditValueText(field, item)).join('、') || '—';
  if (typeof value === 'object') return '—';
  const text = String(value);
  const label = VALUE_LABELS[field]?.[text];
  if (label) return label;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return text.slice(0, 10);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export const auditChangeSchema = z.object({
  field: z.string(),
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type AuditChange = z.infer<typeof auditChangeSchema>;

/** The labelled fields that changed (or, for a creation, were set), as words. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const from = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const to = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const changes: AuditChange[] = [];
  for (const [field, label] of Object.entries(AUDIT_FIELD_LABELS)) {
    const inBefore = field in from;
    const inAfter = field in to;
    if (!inBefore && !inAfter) continue;
    const was = inBefore ? auditValueText(field, from[field]) : null;
    const now = inAfter ? auditValueText(field, to[field]) : null;
    if (inBefore && inAfter && was === now) continue;
    // A field copied into "after" for context (unitName on an assignment) is not a change when "before" lacks it.
    if (before && !inBefore && field === 'unitName') continue;
    changes.push({ field, label, before: was, after: now });
  }
  return changes;
}
