import { Button, Card, Progress, Select, Space, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  ASSIGNMENT_STATUSES,
  canTransition,
  type AssignmentAction,
} from '@duban/contracts';
import { DeadlineCell } from '../../components/DeadlineCell';
import { StatusTag } from '../../components/StatusTag';
import { TextPromptModal } from '../../components/TextPromptModal';
import { TrafficLight } from '../../components/TrafficLight';
import { today } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { usePagedTable } from '../../lib/usePagedTable';
import { assignmentsApi, type MyAssignment, type MyAssignmentFilters } from './assignments.api';
import { useAssignmentCommand } from './assignments.queries';
import { ExtensionModal } from './ExtensionModal';
import { ReportModal } from './ReportModal';

type DialogKind = 'return' | 'report' | 'extension' | 'completion';

/** The unit's buttons, in order; each shows only where the state machine allows it. */
const ACTIONS: { action: AssignmentAction; label: string; dialog?: DialogKind }[] = [
  { action: 'accept', label: '签收' },
  { action: 'return', label: '退回', dialog: 'return' },
  { action: 'report', label: '进展填报', dialog: 'report' },
  { action: 'request_extension', label: '延期申请', dialog: 'extension' },
  { action: 'request_completion', label: '办结申请', dialog: 'completion' },
];

export function MyAssignmentsPage() {
  const [filters, setFilters] = useState<MyAssignmentFilters>({});
  const { tableProps } = usePagedTable('assignments', filters, assignmentsApi.mine);
  const command = useAssignmentCommand();
  const [dialog, setDialog] = useState<{ kind: DialogKind; assignment: MyAssignment } | null>(null);
  const close = () => setDialog(null);
  const done = (text: string) => ({
    onSuccess: () => {
      notifySuccess(text);
      close();
    },
  });

  const columns: ColumnsType<MyAssignment> = [
    { title: '编号', dataIndex: 'taskCode', width: 110 },
    {
      title: '任务名称',
      dataIndex: 'taskTitle',
      render: (title: string, a) => <Link to={`/tasks/${a.taskId}`}>{title}</Link>,
    },
    { title: '角色', dataIndex: 'role', width: 90, render: (_, a) => ASSIGNMENT_ROLE_LABELS[a.role] },
    {
      title: '完成时限',
      dataIndex: 'deadline',
      width: 170,
      render: (_, a) => (
        <DeadlineCell
          deadline={a.deadline}
          overdue={a.overdue}
          closed={a.status === 'completed' || a.status === 'returned'}
        />
      ),
    },
    {
      title: '进度',
      dataIndex: 'progress',
      width: 120,
      render: (progress: number) => <Progress percent={progress} size="small" />,
    },
    { title: '红黄绿灯', dataIndex: 'light', width: 90, render: (_, a) => <TrafficLight light={a.light} /> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (_, a) => <StatusTag kind="assignment" status={a.status} />,
    },
    {
      title: '操作',
      key: 'actions',
      width: 300,
      render: (_, a) => (
        <Space size={4} wrap>
          {ACTIONS.filter(({ action }) => canTransition(a.status, action)).map(
            ({ action, label, dialog: kind }) => {
              // Extensions must be asked for before the deadline passes (the api answers 409 afterwards).
              const late = action === 'request_extension' && a.deadline !== null && a.deadline < today();
              const button = (
                <Button
                  key={action}
                  size="small"
                  type={action === 'accept' ? 'primary' : 'default'}
                  disabled={late}
                  loading={action === 'accept' && command.isPending && command.variables?.id === a.id}
                  onClick={() =>
                    kind
                      ? setDialog({ kind, assignment: a })
                      : command.mutate({ kind: 'accept', id: a.id }, done('已签收'))
                  }
                >
                  {label}
                </Button>
              );
              return late ? (
                <Tooltip key={action} title="已超过完成时限，不能再申请延期">
                  {button}
                </Tooltip>
              ) : (
                button
              );
            },
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title="我的任务">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          placeholder="办理状态"
          allowClear
          style={{ width: 130 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
          options={ASSIGNMENT_STATUSES.map((status) => ({
            value: status,
            label: ASSIGNMENT_STATUS_LABELS[status],
          }))}
        />
        <Select
          placeholder="是否逾期"
          allowClear
          style={{ width: 120 }}
          value={filters.overdue}
          onChange={(overdue) => setFilters((f) => ({ ...f, overdue }))}
          options={[
            { value: 'true', label: '已逾期' },
            { value: 'false', label: '未逾期' },
          ]}
        />
      </Space>
      <Table<MyAssignment> {...tableProps} columns={columns} scroll={{ x: 1100 }} size="middle" />

      {dialog?.kind === 'report' ? (
        <ReportModal
          assignment={dialog.assignment}
          loading={command.isPending}
          onCancel={close}
          onSubmit={(values) =>
            command.mutate(
              { kind: 'report', id: dialog.assignment.id, ...values },
              done('进展已提交，等待审核'),
            )
          }
        />
      ) : null}
      {dialog?.kind === 'extension' ? (
        <ExtensionModal
          assignment={dialog.assignment}
          loading={command.isPending}
          onCancel={close}
          onSubmit={(values) =>
            command.mutate({ kind: 'extension', id: dialog.assignment.id, ...values }, done('延期申请已提交'))
          }
        />
      ) : null}
      <TextPromptModal
        open={dialog?.kind === 'return'}
        title="退回任务"
        label="退回理由"
        okText="退回"
        minLength={2}
        loading={command.isPending}
        onCancel={close}
        onSubmit={(reason) =>
          dialog && command.mutate({ kind: 'return', id: dialog.assignment.id, reason }, done('已退回'))
        }
      />
      <TextPromptModal
        open={dialog?.kind === 'completion'}
        title="办结申请"
        label="办结情况"
        minLength={2}
        maxLength={20000}
        loading={command.isPending}
        onCancel={close}
        onSubmit={(summary) =>
          dialog &&
          command.mutate({ kind: 'completion', id: dialog.assignment.id, summary }, done('办结申请已提交'))
        }
      />
    </Card>
  );
}
