import { ImportOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  DOCUMENT_STATUS_LABELS,
  DOCUMENT_STATUSES,
  type DocumentStatus,
  type DocumentSummary,
} from '@duban/contracts';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime } from '../../lib/dates';
import { useCan } from '../../lib/useCan';
import { usePagedTable } from '../../lib/usePagedTable';
import { documentsApi } from './documents.api';
import { ImportDialog } from './ImportDialog';

const columns: ColumnsType<DocumentSummary> = [
  {
    title: '文件标题',
    dataIndex: 'title',
    render: (title: string, doc) => <Link to={`/documents/${doc.id}`}>{title}</Link>,
  },
  { title: '发文机关', dataIndex: 'issuer', width: 180 },
  { title: '发文字号', dataIndex: 'docNumber', width: 170 },
  { title: '成文日期', dataIndex: 'issuedOn', width: 110, render: formatDate },
  { title: '措施数', dataIndex: 'measureCount', width: 80 },
  { title: '任务数', dataIndex: 'taskCount', width: 80 },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (status: DocumentStatus) => <StatusTag kind="document" status={status} />,
  },
  { title: '导入时间', dataIndex: 'createdAt', width: 150, render: formatDateTime },
];

export function DocumentListPage() {
  const can = useCan();
  const [filters, setFilters] = useState<{ status?: DocumentStatus; q?: string }>({});
  const { tableProps } = usePagedTable('documents', filters, documentsApi.list);
  const [importing, setImporting] = useState(false);

  return (
    <Card
      title="政策文件"
      extra={
        can('documents.import') ? (
          <Button type="primary" icon={<ImportOutlined />} onClick={() => setImporting(true)}>
            导入文件
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="标题、文号或发文机关"
          allowClear
          onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))}
          style={{ width: 260 }}
        />
        <Select
          placeholder="状态"
          allowClear
          style={{ width: 120 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
          options={DOCUMENT_STATUSES.map((status) => ({
            value: status,
            label: DOCUMENT_STATUS_LABELS[status],
          }))}
        />
      </Space>
      <Table<DocumentSummary> {...tableProps} columns={columns} size="middle" scroll={{ x: 1000 }} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
