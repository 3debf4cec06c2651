// A plain divided list (antd 6.6 deprecates List; Listy is a virtual list for long feeds, not this).
import { Empty, Flex, Spin } from 'antd';
import type { Key, ReactNode } from 'react';

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
  if (!loading && entries.length === 0) return <Empty description={empty} />;
  return (
    <Spin spinning={Boolean(loading)}>
      <div role="list">
        {entries.map((entry, index) => (
          <Flex
            key={entry.key}
            role="listitem"
            gap={16}
            justify="space-between"
            align="flex-start"
            style={{ padding: '12px 0', borderTop: index ? '1px solid #f0f0f0' : undefined }}
          >
            <div style={{ flex: 1, minWidth: 0 }}>
              <div style={{ fontWeight: 500, marginBottom: 4 }}>{entry.title}</div>
              {entry.content}
            </div>
            {entry.actions ? <div>{entry.actions}</div> : null}
          </Flex>
        ))}
      </div>
    </Spin>
  );
}
