import { Tag } from 'antd';
import {
  ASSIGNMENT_STATUS_LABELS,
  DOCUMENT_STATUS_LABELS,
  TASK_STATUS_LABELS,
  type AssignmentStatus,
  type DocumentStatus,
  type TaskStatus,
} from '@duban/contracts';

const COLORS: Record<string, string> = {
  in_progress: 'processing',
  completed: 'success',
  cancelled: 'default',
  pending: 'warning',
  accepted: 'processing',
  returned: 'error',
  completion_requested: 'purple',
  draft: 'default',
  published: 'success',
  withdrawn: 'default',
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
};

const REVIEW_LABELS = { submitted: '待审核', approved: '已通过', rejected: '已驳回' } as const;
type ReviewStatus = keyof typeof REVIEW_LABELS;

type Props =
  | { kind: 'task'; status: TaskStatus }
  | { kind: 'assignment'; status: AssignmentStatus }
  | { kind: 'document'; status: DocumentStatus }
  | { kind: 'review'; status: ReviewStatus | 'pending' };

function labelOf(props: Props): string {
  switch (props.kind) {
    case 'task':
      return TASK_STATUS_LABELS[props.status];
    case 'assignment':
      return ASSIGNMENT_STATUS_LABELS[props.status];
    case 'document':
      return DOCUMENT_STATUS_LABELS[props.status];
    case 'review':
      return props.status === 'pending' ? '待审批' : REVIEW_LABELS[props.status];
  }
}

export function StatusTag(props: Props) {
  return <Tag color={COLORS[props.status] ?? 'default'}>{labelOf(props)}</Tag>;
}
