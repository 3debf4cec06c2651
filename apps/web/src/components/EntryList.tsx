// A plain divided list (antd 6.6 deprecates List; Listy is a virtual list for long feeds, not this).
import { Empty, Flex, Spin } from 'antd';
import type { Key, ReactNode } from 'react';
import { useIsPhone } from '../lib/useIsPhone';

export interface Entry {
  key: Key;
  title: ReactNode;
  content?: ReactNode;
  actions?: ReactNode;
}

export function EntryList({
  entries,
  empty = '暂无数据',
  loading,
}: {
  entries: Entry[];
  empty?: string;
  loading?: boolean;
}) {
  const phone = useIsPhone();
  if (!loading && entries.length === 0) return <Empty description={empty} />;
  return (
    <Spin spinning={Boolean(loading)}>
      <div role="list">
        {entries.map((entry, index) => (
          <Flex
            key={entry.key}
            role="listitem"
            // On a phone the actions go under the text so the title keeps the full width.
            vertical={phone}
            gap={phone ? 4 : 16}
            justify="space-between"
            align={phone ? 'stretch' : 'flex-start'}
            style={{ padding: '12px 0', borderTop: index ? '1px solid #f0f0f0' : undefined }}
          >
            <div style={{ flex: 1, minWidth: 0 }}>
              <div className="duban-entry-title" style={{ fontWeight: 500, marginBottom: 4 }}>
                {entry.title}
              </div>
              {entry.content}
            </div>
            {entry.actions ? <div>{entry.actions}</div> : null}
          </Flex>
        ))}
      </div>
    </Spin>
  );
}
