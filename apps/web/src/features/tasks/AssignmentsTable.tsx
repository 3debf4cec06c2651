import { Button, Progress, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ASSIGNMENT_ROLE_LABELS, canTransition, type AssignmentSummary } from '@duban/contracts';
import { DeadlineCell } from '../../components/DeadlineCell';
import { StatusTag } from '../../components/StatusTag';
import { TrafficLight } from '../../components/TrafficLight';
import { useCan } from '../../lib/useCan';
import { useIsPhone } from '../../lib/useIsPhone';

/** What fits a phone's width: the unit, where it stands, its light (and the supervisor's buttons). */
const PHONE_COLUMNS = new Set(['unitName', 'status', 'light']);

interface Props {
  assignments: AssignmentSummary[];
  onDecideCompletion: (assignment: AssignmentSummary) => void;
  onReassign: (assignment: AssignmentSummary) => void;
}

/** 承办单位 of one task, with the supervisor's 销号 and 重新交办 actions where the state machine allows them. */
export function AssignmentsTable({ assignments, onDecideCompletion, onReassign }: Props) {
  const can = useCan();
  const phone = useIsPhone();
  const decides = can('completions.decide') || can('tasks.write');
  const columns: ColumnsType<AssignmentSummary> = [
    { title: '单位', dataIndex: 'unitName', ...(phone ? {} : { minWidth: 180 }) },
    { title: '角色', dataIndex: 'role', width: 100, render: (_, a) => ASSIGNMENT_ROLE_LABELS[a.role] },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (_, a) => <StatusTag kind="assignment" status={a.status} />,
    },
    {
      title: '完成时限',
      dataIndex: 'deadline',
      width: 180,
      render: (_, a) => <DeadlineCell {...a} closed={a.status === 'completed' || a.status === 'returned'} />,
    },
    { title: '延期次数', dataIndex: 'extensionCount', width: 90 },
    {
      title: '进度',
      dataIndex: 'progress',
      width: 130,
      render: (progress: number) => <Progress percent={progress} size="small" />,
    },
    {
      title: phone ? '灯' : '红黄绿灯',
      dataIndex: 'light',
      width: phone ? 40 : 90,
      render: (_, a) => <TrafficLight light={a.light} showLabel={!phone} />,
    },
    {
      title: '操作',
      key: 'actions',
      hidden: !decides,
      width: phone ? 90 : 160,
      render: (_, a) => (
        <Space wrap size={0}>
          {can('completions.decide') && canTransition(a.status, 'approve_completion') ? (
            <Button type="link" size="small" onClick={() => onDecideCompletion(a)}>
              销号审核
            </Button>
          ) : null}
          {can('tasks.write') && canTransition(a.status, 'reassign') ? (
            <Button type="link" size="small" onClick={() => onReassign(a)}>
              重新交办
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Table<AssignmentSummary>
      rowKey="id"
      columns={
        phone
          ? columns.filter(
              (c) => c.key === 'actions' || PHONE_COLUMNS.has(String('dataIndex' in c ? c.dataIndex : '')),
            )
          : columns
      }
      scroll={phone ? undefined : { x: 1000 }}
      dataSource={assignments}
      pagination={false}
      size="small"
    />
  );
}
