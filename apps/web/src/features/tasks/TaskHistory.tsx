import { Empty, Timeline, Typography } from 'antd';
import type { TimelineEntry } from '@duban/contracts';
import { formatDateTime } from '../../lib/dates';
import { ChangeList } from '../audit/ChangeList';

/** 办理记录: each step once, who did it (name and unit), what in words, and the fields it changed. */
export function TaskHistory({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <Empty description="暂无记录" />;
  return (
    <Timeline
      items={entries.map((entry, index) => ({
        key: `${entry.at}-${index}`,
        title: formatDateTime(entry.at),
        content: (
          <div data-testid="history-entry" style={{ overflowWrap: 'anywhere' }}>
            <div>
              <Typography.Text strong>{entry.actorName ?? '系统'}</Typography.Text>
              {entry.actorUnitName ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  （{entry.actorUnitName}）
                </Typography.Text>
              ) : null}
            </div>
            <div>{entry.summary}</div>
            {entry.changes.length ? <ChangeList changes={entry.changes} /> : null}
          </div>
        ),
      }))}
    />
  );
}
