import { Badge, Button, Card, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { NOTIFICATION_KIND_LABELS, type NotificationView } from '@duban/contracts';
import { EntryList } from '../../components/EntryList';
import { formatDateTime } from '../../lib/dates';
import { usePagedTable } from '../../lib/usePagedTable';
import { notificationsApi } from './notifications.api';
import { useMarkRead } from './notifications.queries';

const KIND_COLORS: Partial<Record<NotificationView['kind'], string>> = {
  overdue: 'error',
  escalation: 'magenta',
  urge: 'orange',
  due_soon: 'gold',
  assignment: 'blue',
  cancellation: 'default',
  submission: 'purple',
  review_result: 'green',
};

/**
 * A message that gathers tasks (a digest, a batch) lists them in its text as '· ' lines for mail and
 * webhooks; here they are links (its lines), so the text keeps only the rest (intro, reason).
 */
function withoutBullets(body: string): string {
  return body
    .split('\n')
    .filter((line) => !line.startsWith('· '))
    .join('\n');
}

export function NotificationsPage() {
  const [unread, setUnread] = useState<'true' | undefined>('true');
  const { tableProps } = usePagedTable('notifications', { unread }, notificationsApi.list);
  const markRead = useMarkRead();

  return (
    <Card
      title="消息"
      extra={
        <Space>
          <Segmented
            value={unread ?? 'all'}
            onChange={(value) => setUnread(value === 'true' ? 'true' : undefined)}
            options={[
              { value: 'true', label: '未读' },
              { value: 'all', label: '全部' },
            ]}
          />
          <Button
            onClick={() => markRead.mutate('all')}
            loading={markRead.isPending && markRead.variables === 'all'}
          >
            全部标为已读
          </Button>
        </Space>
      }
    >
      <EntryList
        loading={tableProps.loading}
        empty={unread ? '没有未读消息' : '暂无消息'}
        entries={tableProps.dataSource.map((item) => ({
          key: item.id,
          title: (
            <Space>
              {item.readAt ? null : <Badge status="processing" />}
              <Tag color={KIND_COLORS[item.kind]}>{NOTIFICATION_KIND_LABELS[item.kind] ?? item.kind}</Tag>
              {item.taskId ? (
                <Link to={`/tasks/${item.taskId}`} onClick={() => !item.readAt && markRead.mutate(item.id)}>
                  {item.title}
                </Link>
              ) : (
                item.title
              )}
            </Space>
          ),
          content: (
            <>
              <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                {item.payload?.lines?.length ? withoutBullets(item.body) : item.body}
              </Typography.Paragraph>
              {item.payload?.lines?.length ? (
                <ul style={{ margin: '0 0 4px', paddingInlineStart: 20 }}>
                  {item.payload.lines.map((line, index) => (
                    <li key={`${line.taskId}-${index}`}>
                      {line.taskId ? (
                        <Link
                          to={`/tasks/${line.taskId}`}
                          onClick={() => !item.readAt && markRead.mutate(item.id)}
                        >
                          {line.title}
                        </Link>
                      ) : (
                        line.title
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
              <Typography.Text type="secondary">{formatDateTime(item.createdAt)}</Typography.Text>
            </>
          ),
          actions: item.readAt ? null : (
            <Button type="link" size="small" onClick={() => markRead.mutate(item.id)}>
              标为已读
            </Button>
          ),
        }))}
      />
      <Pagination
        style={{ marginTop: 16 }}
        align="end"
        current={tableProps.pagination.current}
        pageSize={tableProps.pagination.pageSize}
        total={tableProps.pagination.total}
        onChange={tableProps.pagination.onChange}
        showTotal={tableProps.pagination.showTotal}
        hideOnSinglePage
      />
    </Card>
  );
}
