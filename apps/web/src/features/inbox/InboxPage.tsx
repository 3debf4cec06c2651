// 待办: reports to review, extension and completion requests to decide, overdue work to urge, each
// decided right here.
import { Badge, Button, Card, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { INBOX_KIND_LABELS, INBOX_KINDS, type InboxItem, type InboxKind } from '@duban/contracts';
import { DecisionModal } from '../../components/DecisionModal';
import { TextPromptModal } from '../../components/TextPromptModal';
import { formatDateTime } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { usePagedTable } from '../../lib/usePagedTable';
import { inboxApi } from './inbox.api';
import { useInboxAction, useInboxCounts } from './inbox.queries';

const ACTION_LABELS: Record<InboxKind, string> = {
  reports: '审核',
  extensions: '审批',
  completions: '销号审核',
  overdue: '催办',
};

function decisionText(item: InboxItem): string {
  if (item.kind === 'extensions')
    return `申请将时限由 ${item.deadline ?? '—'} 延至 ${item.requestedDeadline}。理由：${item.text}`;
  if (item.kind === 'reports') return `进度 ${item.progress ?? 0}%：${item.text ?? ''}`;
  return `办结情况：${item.text ?? '—'}。通过后该单位的任务办结销号；驳回则退回继续办理。`;
}

export function InboxPage() {
  const [kind, setKind] = useState<InboxKind>('reports');
  const [acting, setActing] = useState<InboxItem | null>(null);
  const counts = useInboxCounts();
  const action = useInboxAction();
  const { tableProps } = usePagedTable('inbox', { kind }, inboxApi.list);
  const close = () => setActing(null);

  const columns: ColumnsType<InboxItem> = [
    {
      title: '任务',
      key: 'task',
      render: (_, item) => (
        <Link to={`/tasks/${item.taskId}`}>
          {item.taskCode} {item.taskTitle}
        </Link>
      ),
    },
    { title: '承办单位', dataIndex: 'unitName', width: 200 },
    {
      title: '完成时限',
      dataIndex: 'deadline',
      width: 120,
      render: (value: string | null) => value ?? '长期',
    },
    ...(kind === 'overdue'
      ? []
      : [
          {
            title: '内容',
            key: 'text',
            ellipsis: true,
            render: (_: unknown, item: InboxItem) => (
              <Typography.Text ellipsis={{ tooltip: item.text }}>
                {item.kind === 'extensions' ? `延至 ${item.requestedDeadline}：` : ''}
                {item.text}
              </Typography.Text>
            ),
          },
          {
            title: '提交时间',
            dataIndex: 'at',
            width: 170,
            render: (value: string) => formatDateTime(value),
          },
        ]),
    {
      title: '操作',
      key: 'action',
      width: 110,
      render: (_, item) => (
        <Button type="link" onClick={() => setActing(item)}>
          {ACTION_LABELS[item.kind]}
        </Button>
      ),
    },
  ];

  return (
    <Card title="待办">
      <Tabs
        activeKey={kind}
        onChange={(key) => setKind(key as InboxKind)}
        items={INBOX_KINDS.map((key) => ({
          key,
          label: (
            <span>
              {INBOX_KIND_LABELS[key]}
              <Badge
                count={counts.data?.[key] ?? 0}
                overflowCount={9999}
                size="small"
                style={{ marginInlineStart: 6 }}
                color={key === 'overdue' ? 'red' : undefined}
              />
            </span>
          ),
        }))}
      />
      <Table<InboxItem> {...tableProps} columns={columns} size="middle" scroll={{ x: 900 }} />
      {acting && acting.kind !== 'overdue' ? (
        <DecisionModal
          open
          title={`${ACTION_LABELS[acting.kind]}：${acting.unitName} · ${acting.taskTitle}`}
          summary={
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
              {decisionText(acting)}
            </Typography.Paragraph>
          }
          approveLabel={acting.kind === 'completions' ? '同意办结' : undefined}
          rejectLabel={acting.kind === 'completions' ? '退回继续办理' : undefined}
          loading={action.isPending}
          onCancel={close}
          onSubmit={(decision) =>
            action.mutate(
              { item: acting, decision },
              {
                onSuccess: () => {
                  notifySuccess('已处理');
                  close();
                },
              },
            )
          }
        />
      ) : null}
      <TextPromptModal
        open={acting?.kind === 'overdue'}
        title={acting ? `催办：${acting.unitName} · ${acting.taskTitle}` : '催办'}
        label="催办内容"
        okText="发送催办"
        maxLength={1000}
        loading={action.isPending}
        onCancel={close}
        onSubmit={(urge) =>
          acting &&
          action.mutate(
            { item: acting, urge },
            {
              onSuccess: () => {
                notifySuccess('催办已发送');
                close();
              },
            },
          )
        }
      />
    </Card>
  );
}
