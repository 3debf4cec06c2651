import { Card, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useDeferredValue, useState } from 'react';
import {
  AUDIT_ENTITY_LABELS,
  auditActionLabel,
  auditChanges,
  auditEntityLabel,
  type AuditEntryView,
  type AuditFilters,
} from '@duban/contracts';
import { formatDateTime } from '../../lib/dates';
import { UnitSelect } from '../units/UnitSelect';
import { ChangeList } from './ChangeList';
import { useAuditActors, useAuditTable } from './audit.queries';

/** What the entry is about, in words: the title or name it carried, else just the kind of object. */
function subjectOf(entry: AuditEntryView): string {
  const record = { ...(entry.before as object), ...(entry.after as object) } as Record<string, unknown>;
  const name = [record.title, record.name, record.unitName, record.displayName, record.fileName].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  return name ? `${auditEntityLabel(entry.entityType)}：${name}` : auditEntityLabel(entry.entityType);
}

function AuditChanges({ entry }: { entry: AuditEntryView }) {
  const changes = auditChanges(entry.before, entry.after);
  if (!changes.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return <ChangeList changes={changes} />;
}

const columns: ColumnsType<AuditEntryView> = [
  { title: '时间', dataIndex: 'at', width: 150, render: formatDateTime },
  {
    title: '操作人',
    key: 'actor',
    width: 180,
    render: (_, entry) =>
      entry.actorName ? (
        <>
          <div>{entry.actorName}</div>
          {entry.actorUnitName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {entry.actorUnitName}
            </Typography.Text>
          ) : null}
        </>
      ) : (
        '系统'
      ),
  },
  { title: '操作', dataIndex: 'action', width: 130, render: auditActionLabel },
  { title: '对象', key: 'subject', width: 260, render: (_, entry) => subjectOf(entry) },
  { title: '变更内容', key: 'change', render: (_, entry) => <AuditChanges entry={entry} /> },
];

function ActorSelect({ value, onChange }: { value?: string; onChange: (id?: string) => void }) {
  const [search, setSearch] = useState('');
  const { data, isFetching } = useAuditActors(useDeferredValue(search.trim()));
  return (
    <Select
      placeholder="操作人（输入姓名查找）"
      allowClear
      style={{ width: 240 }}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={isFetching}
      notFoundContent={isFetching ? '查询中…' : '没有匹配的人员'}
      options={(data ?? []).map((actor) => ({
        value: actor.id,
        label: actor.unitName ? `${actor.displayName}（${actor.unitName}）` : actor.displayName,
      }))}
    />
  );
}

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const { tableProps } = useAuditTable(filters);
  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <ActorSelect value={filters.actorId} onChange={(actorId) => setFilters((f) => ({ ...f, actorId }))} />
        <UnitSelect
          placeholder="操作人单位"
          allowClear
          style={{ width: 240 }}
          value={filters.unitId}
          onChange={(unitId) =>
            setFilters((f) => ({ ...f, unitId: (unitId as string | undefined) || undefined }))
          }
        />
        <Select
          placeholder="对象类型"
          allowClear
          style={{ width: 140 }}
          value={filters.entityType}
          onChange={(entityType) => setFilters((f) => ({ ...f, entityType }))}
          options={Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <Table<AuditEntryView> {...tableProps} columns={columns} size="small" scroll={{ x: 1000 }} />
    </Card>
  );
}
