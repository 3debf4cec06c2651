import { Card, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { AuditEntryView } from '@duban/contracts';
import { formatDateTime } from '../../lib/dates';
import type { AuditFilters } from './audit.api';
import { useAuditTable } from './audit.queries';

const json = (value: unknown) =>
  value === null || value === undefined ? '' : JSON.stringify(value, null, 1);

const columns: ColumnsType<AuditEntryView> = [
  { title: '时间', dataIndex: 'at', width: 150, render: formatDateTime },
  { title: '操作人', dataIndex: 'actorName', width: 120, render: (name: string | null) => name ?? '系统' },
  { title: '操作', dataIndex: 'action', width: 180 },
  { title: '对象类型', dataIndex: 'entityType', width: 110 },
  {
    title: '对象编号',
    dataIndex: 'entityId',
    width: 150,
    render: (id: string) => <Typography.Text copyable={{ text: id }}>{id.slice(0, 8)}</Typography.Text>,
  },
  {
    title: '变更',
    key: 'change',
    render: (_, entry) => (
      <Typography.Text
        style={{ fontSize: 12 }}
        ellipsis={{
          tooltip: (
            <pre style={{ maxHeight: 400, overflow: 'auto' }}>
              {json({ before: entry.before, after: entry.after })}
            </pre>
          ),
        }}
      >
        {json(entry.after) || json(entry.before)}
      </Typography.Text>
    ),
  },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const { tableProps } = useAuditTable(filters);
  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="对象类型，如 task、unit"
          allowClear
          onSearch={(v) => setFilters((f) => ({ ...f, entityType: v.trim() || undefined }))}
          style={{ width: 200 }}
        />
        <Input.Search
          placeholder="对象编号"
          allowClear
          onSearch={(v) => setFilters((f) => ({ ...f, entityId: v.trim() || undefined }))}
          style={{ width: 300 }}
        />
        <Input.Search
          placeholder="操作人编号（UUID）"
          allowClear
          onSearch={(v) => setFilters((f) => ({ ...f, actorId: UUID.test(v.trim()) ? v.trim() : undefined }))}
          style={{ width: 300 }}
        />
      </Space>
      <Table<AuditEntryView> {...tableProps} columns={columns} size="small" scroll={{ x: 1000 }} />
    </Card>
  );
}
