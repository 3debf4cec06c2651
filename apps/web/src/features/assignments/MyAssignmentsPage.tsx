import { Card, Empty, Flex, Pagination, Progress, Select, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  ASSIGNMENT_STATUSES,
  type MyAssignmentFilters,
  type MyAssignmentView,
} from '@duban/contracts';
import { DeadlineCell, daysLeftText } from '../../components/DeadlineCell';
import { StatusTag } from '../../components/StatusTag';
import { TrafficLight } from '../../components/TrafficLight';
import { usePagedTable } from '../../lib/usePagedTable';
import { useIsPhone } from '../../lib/useIsPhone';
import { assignmentsApi } from './assignments.api';
import { useAssignmentActions, type AssignmentActionsApi } from './AssignmentActions';

const closed = (a: MyAssignmentView) => a.status === 'completed' || a.status === 'returned';

/** The deadline with the API's days left (working days): 剩 N 个工作日 / 今日到期 / 逾期 N 个工作日; the date alone once closed. */
function deadlineText(a: MyAssignmentView): { text: string; type?: 'danger' | 'warning' } {
  if (!a.deadline) return { text: '长期' };
  if (closed(a) || a.daysLeft === null) return { text: a.deadline };
  const hint = daysLeftText(a);
  return hint
    ? { text: `${a.deadline}（${hint.text}）`, type: hint.type }
    : { text: `${a.deadline}（剩 ${a.daysLeft} 个工作日）` };
}

/** 我的任务 on a phone: one card per assignment with what a clerk needs to decide and the next action as a button. */
function AssignmentCards({
  items,
  loading,
  actions,
}: {
  items: MyAssignmentView[];
  loading: boolean;
  actions: AssignmentActionsApi;
}) {
  if (!loading && items.length === 0) return <Empty description="暂无任务" />;
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={12} role="list" aria-label="我的任务">
        {items.map((a) => {
          const deadline = deadlineText(a);
          return (
            <Card key={a.id} size="small" role="listitem" styles={{ body: { padding: 12 } }}>
              <Flex justify="space-between" align="flex-start" gap={8}>
                <Link to={`/tasks/${a.taskId}`} style={{ fontWeight: 600, fontSize: 15, minWidth: 0 }}>
                  {a.taskTitle}
                </Link>
                <TrafficLight light={a.light} showLabel={false} />
              </Flex>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
                {a.taskCode} · {a.documentTitle ?? '手工创建'}
              </Typography.Paragraph>
              <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
                <Typography.Text type={deadline.type}>完成时限 {deadline.text}</Typography.Text>
                <Space size={4}>
                  <StatusTag kind="assignment" status={a.status} />
                  <span>{a.progress}%</span>
                </Space>
              </Flex>
              {actions.buttons(a, { block: true })}
            </Card>
          );
        })}
      </Flex>
    </Spin>
  );
}

export function MyAssignmentsPage() {
  const [filters, setFilters] = useState<MyAssignmentFilters>({});
  const { tableProps } = usePagedTable('assignments', filters, assignmentsApi.mine);
  const actions = useAssignmentActions();
  const phone = useIsPhone();

  const columns: ColumnsType<MyAssignmentView> = [
    { title: '编号', dataIndex: 'taskCode', width: 110 },
    {
      title: '任务名称',
      dataIndex: 'taskTitle',
      render: (title: string, a) => <Link to={`/tasks/${a.taskId}`}>{title}</Link>,
    },
    {
      title: '来源文件',
      dataIndex: 'documentTitle',
      width: 200,
      ellipsis: true,
      render: (title: string | null) => title ?? '手工创建',
    },
    { title: '角色', dataIndex: 'role', width: 90, render: (_, a) => ASSIGNMENT_ROLE_LABELS[a.role] },
    {
      title: '完成时限',
      dataIndex: 'deadline',
      width: 170,
      render: (_, a) => <DeadlineCell {...a} closed={closed(a)} />,
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
    { title: '操作', key: 'actions', width: 300, render: (_, a) => actions.buttons(a) },
  ];

  return (
    <Card title="我的任务" size={phone ? 'small' : undefined}>
      <Space wrap style={{ marginBottom: phone ? 12 : 16 }}>
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
      {phone ? (
        <>
          <AssignmentCards items={tableProps.dataSource} loading={tableProps.loading} actions={actions} />
          <Pagination
            style={{ marginTop: 12 }}
            align="center"
            simple
            current={tableProps.pagination.current}
            pageSize={tableProps.pagination.pageSize}
            total={tableProps.pagination.total}
            onChange={tableProps.pagination.onChange}
            hideOnSinglePage
          />
        </>
      ) : (
        <Table<MyAssignmentView> {...tableProps} columns={columns} scroll={{ x: 1300 }} size="middle" />
      )}
      {actions.dialogs}
    </Card>
  );
}
