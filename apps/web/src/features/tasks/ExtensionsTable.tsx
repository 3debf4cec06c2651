import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ExtensionRequestView } from '@duban/contracts';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime } from '../../lib/dates';
import { useCan } from '../../lib/useCan';

export function ExtensionsTable({
  requests,
  onDecide,
}: {
  requests: ExtensionRequestView[];
  onDecide: (request: ExtensionRequestView) => void;
}) {
  const can = useCan();
  const columns: ColumnsType<ExtensionRequestView> = [
    { title: '单位', dataIndex: 'unitName' },
    { title: '原时限', dataIndex: 'currentDeadline', width: 110, render: formatDate },
    { title: '申请延至', dataIndex: 'requestedDeadline', width: 110 },
    { title: '理由', dataIndex: 'reason' },
    { title: '申请时间', dataIndex: 'createdAt', width: 150, render: formatDateTime },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (_, r) => <StatusTag kind="review" status={r.status} />,
    },
    { title: '审批意见', dataIndex: 'decisionComment', render: (comment: string | null) => comment ?? '' },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, r) =>
        can('extensions.decide') && r.status === 'pending' ? (
          <Button size="small" type="link" onClick={() => onDecide(r)}>
            审批
          </Button>
        ) : null,
    },
  ];
  return (
    <Table<ExtensionRequestView>
      rowKey="id"
      columns={columns}
      dataSource={requests}
      pagination={false}
      size="small"
    />
  );
}
