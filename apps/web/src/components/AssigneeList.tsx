import { Space, Tag, Tooltip } from 'antd';
import { ASSIGNMENT_STATUS_LABELS, type AssignmentBrief } from '@duban/contracts';

/** 牵头 units first (marked), then 责任 units; overdue ones red, returned ones struck through. */
export function AssigneeList({ assignments }: { assignments: AssignmentBrief[] }) {
  const sorted = [...assignments].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
  return (
    <Space size={[4, 4]} wrap>
      {sorted.map((assignment) => (
        <Tooltip
          key={assignment.id}
          title={`${assignment.role === 'lead' ? '牵头' : '责任'} · ${ASSIGNMENT_STATUS_LABELS[assignment.status]}${assignment.overdue ? ' · 已逾期' : ''}`}
        >
          <Tag
            color={assignment.overdue ? 'red' : assignment.role === 'lead' ? 'blue' : undefined}
            style={assignment.status === 'returned' ? { textDecoration: 'line-through' } : undefined}
          >
            {assignment.role === 'lead' ? '牵头：' : ''}
            {assignment.unitName}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
