// Task and assignment states and the legal moves between them, defined once for api and web.
export const TASK_STATUSES = ['in_progress', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ASSIGNMENT_STATUSES = [
  'pending',
  'accepted',
  'returned',
  'completion_requested',
  'completed',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_ROLES = ['lead', 'responsible'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const REPORT_CYCLES = ['weekly', 'monthly', 'quarterly'] as const;
export type ReportCycle = (typeof REPORT_CYCLES)[number];

export const ASSIGNMENT_ACTIONS = [
  'accept',
  'return',
  'reassign',
  'report',
  'request_extension',
  'request_completion',
  'approve_completion',
  'reject_completion',
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/** For each action: the states it may start from and the state it leaves (null: unchanged). */
export const ASSIGNMENT_TRANSITIONS: Record<
  AssignmentAction,
  { from: readonly AssignmentStatus[]; to: AssignmentStatus | null }
> = {
  accept: { from: ['pending'], to: 'accepted' },
  return: { from: ['pending'], to: 'returned' },
  reassign: { from: ['returned'], to: 'pending' },
  report: { from: ['accepted'], to: null },
  request_extension: { from: ['pending', 'accepted'], to: null },
  request_completion: { from: ['accepted'], to: 'completion_requested' },
  approve_completion: { from: ['completion_requested'], to: 'completed' },
  reject_completion: { from: ['completion_requested'], to: 'accepted' },
};

export function canTransition(status: AssignmentStatus, action: AssignmentAction): boolean {
  return ASSIGNMENT_TRANSITIONS[action].from.includes(status);
}

/** A task is complete when every assignment that is still live (not returned) is completed. */
export function taskStatusFor(
  current: TaskStatus,
  assignments: readonly { status: AssignmentStatus }[],
): TaskStatus {
  if (current === 'cancelled') return current;
  const live = assignments.filter((a) => a.status !== 'returned');
  return live.length > 0 && live.every((a) => a.status === 'completed') ? 'completed' : 'in_progress';
}

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  in_progress: '办理中',
  completed: '已办结',
  cancelled: '已撤销',
};

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  pending: '待签收',
  accepted: '办理中',
  returned: '已退回',
  completion_requested: '待销号',
  completed: '已办结',
};

export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = {
  lead: '牵头单位',
  responsible: '责任单位',
};
export const REPORT_CYCLE_LABELS: Record<ReportCycle, string> = {
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
};
