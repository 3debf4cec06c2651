import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { DaysLeftRuler } from '@duban/contracts';

interface Props {
  deadline: string | null;
  ongoing?: boolean;
  overdue?: boolean;
  /** The API's 临期 (due-soon window, working days). */
  dueSoon?: boolean;
  /** The API's days to the deadline in its ruler (negative: overdue); null once done. */
  daysLeft?: number | null;
  daysLeftRuler?: DaysLeftRuler;
  /** Closed work shows the date only. */
  closed?: boolean;
}

const UNIT: Record<DaysLeftRuler, string> = { working_days: '个工作日' };

/** How far a deadline is, in the API's own ruler: 逾期 N 个工作日 / 剩 N 个工作日 / 今日到期, or nothing. */
export function daysLeftText({
  overdue,
  dueSoon,
  daysLeft,
  daysLeftRuler = 'working_days',
}: Omit<Props, 'deadline'>): { text: string; type: 'danger' | 'warning' } | null {
  if (daysLeft === null || daysLeft === undefined) return null;
  const unit = UNIT[daysLeftRuler];
  // Past a deadline that fell on a holiday, no working day has gone by yet: 已逾期 without a count.
  if (overdue) return { text: daysLeft < 0 ? `逾期 ${-daysLeft} ${unit}` : '已逾期', type: 'danger' };
  if (!dueSoon) return null;
  // 0 working days left: today is the last working day before the deadline.
  return { text: daysLeft <= 0 ? '今日到期' : `剩 ${daysLeft} ${unit}`, type: 'warning' };
}

/** The deadline with how far it is, as the API counts it (no second ruler in the browser). */
export function DeadlineCell({ deadline, ongoing, closed, ...signals }: Props) {
  if (!deadline) return <Typography.Text type="secondary">{ongoing ? '长期' : '—'}</Typography.Text>;
  const left = closed ? null : daysLeftText(signals);
  let hint: ReactNode = null;
  if (left) hint = <Tag color={left.type === 'danger' ? 'error' : 'warning'}>{left.text}</Tag>;
  return (
    <Space size={4} wrap>
      <span>{deadline}</span>
      {hint}
      {ongoing ? <Tag>长期</Tag> : null}
    </Space>
  );
}
