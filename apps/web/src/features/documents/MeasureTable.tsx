import { EditOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { MeasureView } from '@duban/contracts';
import { ResolutionTag } from './ResolutionTag';

interface Props {
  measures: MeasureView[];
  selectedId: string | null;
  editable: boolean;
  onSelect: (measure: MeasureView) => void;
  onEdit: (measure: MeasureView) => void;
}

function UnitTags({ measure, names }: { measure: MeasureView; names: string[] }) {
  if (names.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
      {names.map((name) => (
        <ResolutionTag key={name} name={name} resolution={measure.resolution[name]} />
      ))}
    </>
  );
}

/** The measures Duban extracted; clicking a row shows its source spans on the left. */
export function MeasureTable({ measures, selectedId, editable, onSelect, onEdit }: Props) {
  const columns: ColumnsType<MeasureView> = [
    { title: '序号', dataIndex: 'number', width: 70 },
    {
      title: '措施',
      dataIndex: 'title',
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          {m.path.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.path.join(' / ')}
            </Typography.Text>
          ) : null}
          <span>{m.title}</span>
          {m.taskId ? <Tag color="success">已交办</Tag> : null}
        </Space>
      ),
    },
    {
      title: '牵头单位',
      key: 'lead',
      width: 170,
      render: (_, m) => <UnitTags measure={m} names={m.leadUnits} />,
    },
    {
      title: '责任单位',
      key: 'responsible',
      width: 190,
      render: (_, m) => <UnitTags measure={m} names={m.responsibleUnits} />,
    },
    {
      title: '完成时限',
      key: 'deadline',
      width: 120,
      render: (_, m) =>
        m.ongoing ? (
          <Tag>长期</Tag>
        ) : (
          (m.deadline ?? <Typography.Text type="secondary">{m.deadlineText ?? '未识别'}</Typography.Text>)
        ),
    },
    {
      title: '',
      key: 'actions',
      width: 70,
      render: (_, m) => (
        <Space size={0}>
          {m.warnings.length ? (
            <Tooltip title={m.warnings.join('；')}>
              <WarningOutlined style={{ color: '#faad14' }} aria-label="提示" />
            </Tooltip>
          ) : null}
          {editable && !m.taskId ? (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              aria-label={`编辑措施 ${m.number}`}
              onClick={(event) => {
                event.stopPropagation();
                onEdit(m);
              }}
            />
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Table<MeasureView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={measures}
      pagination={false}
      scroll={{ x: 900, y: 'calc(100vh - 320px)' }}
      onRow={(measure) => ({ onClick: () => onSelect(measure), style: { cursor: 'pointer' } })}
      rowClassName={(measure) => (measure.id === selectedId ? 'ant-table-row-selected' : '')}
    />
  );
}
