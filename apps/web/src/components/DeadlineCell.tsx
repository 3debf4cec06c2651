import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { daysBetween } from '@duban/contracts';
import { today } from '../lib/dates';

interface Props {
  deadline: string | null;
  ongoing?: boolean;
  overdue?: boolean;
  /** Closed work shows the date only. */
  closed?: boolean;
}

/** The deadline with how far it is: 逾期 N 天 / 剩 N 天. */
export function DeadlineCell({ deadline, ongoing, overdue, closed }: Props) {
  if (!deadline) return <Typography.Text type="secondary">{ongoing ? '长期' : '—'}</Typography.Text>;
  const days = daysBetween(today(), deadline);
  let hint: ReactNode = null;
  if (!closed) {
    if (overdue || days < 0) hint = <Tag color="error">逾期 {Math.abs(days)} 天</Tag>;
    else if (days <= 7) hint = <Tag color="warning">{days === 0 ? '今日到期' : `剩 ${days} 天`}</Tag>;
  }
  return (
    <Space size={4} wrap>
      <span>{deadline}</span>
      {hint}
      {ongoing ? <Tag>长期</Tag> : null}
    </Space>
  );
}
