import { DeleteOutlined, EditOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { measureNeedsReview, REVIEW_CONFIDENCE_THRESHOLD, type MeasureView } from '@duban/contracts';
import { ResolutionTag } from './ResolutionTag';

interface Props {
  measures: MeasureView[];
  selectedId: string | null;
  editable: boolean;
  onSelect: (measure: MeasureView) => void;
  onEdit: (measure: MeasureView) => void;
  onDelete: (measure: MeasureView) => void;
  /** Rows ticked for merging. */
  checkedIds: string[];
  onCheck: (ids: string[]) => void;
}

function UnitTags({ measure, names }: { measure: MeasureView; names: string[] }) {
  return (
    <>
      {names.map((name) => (
        <ResolutionTag key={name} name={name} resolution={measure.resolution[name]} />
      ))}
    </>
  );
}

/** Why a measure needs a look, in words: the parser's warnings, a low confidence, unmatched units. */
export function reviewNotes(m: MeasureView): string[] {
  const notes = m.warnings;
  if (m.confidence !== null && m.confidence < REVIEW_CONFIDENCE_THRESHOLD)
    notes.push(`识别置信度 ${Math.round(m.confidence * 100)}%`);
  const open = Object.values(m.resolution).filter((r) => r.unitIds.length === 0);
  if (open.length) notes.push(`待选择单位：${open.map((r) => r.name).join('、')}`);
  return notes;
}

/**
 * The measures Duban extracted; clicking a row shows its source spans on the left. Fixed layout with the
 * units in one column, so every field and the actions fit without sideways scrolling at 1366×768.
 */
export function MeasureTable(props: Props) {
  const { measures, selectedId, editable, onSelect, onEdit, onDelete, checkedIds, onCheck } = props;
  const columns: ColumnsType<MeasureView> = [
    { title: '序号', dataIndex: 'number', width: 56 },
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
      title: '承办单位',
      key: 'units',
      width: '34%',
      render: (_, m) =>
        m.leadUnits.length + m.responsibleUnits.length === 0 ? (
          <Typography.Text type="danger">未识别</Typography.Text>
        ) : (
          <div data-testid="measure-units">
            {m.leadUnits.length ? (
              <div>
                <Typography.Text type="secondary">牵头 </Typography.Text>
                <UnitTags measure={m} names={m.leadUnits} />
              </div>
            ) : null}
            {m.responsibleUnits.length ? (
              <div>
                <Typography.Text type="secondary">责任 </Typography.Text>
                <UnitTags measure={m} names={m.responsibleUnits} />
              </div>
            ) : null}
          </div>
        ),
    },
    {
      title: '完成时限',
      key: 'deadline',
      width: 96,
      render: (_, m) =>
        m.ongoing ? (
          <Tag>长期</Tag>
        ) : (
          (m.deadline ?? <Typography.Text type="secondary">{m.deadlineText ?? '未识别'}</Typography.Text>)
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 92,
      render: (_, m) => {
        const notes = reviewNotes(m);
        return (
          <Space size={0}>
            {measureNeedsReview(m) ? (
              <Tooltip title={notes.join('；')}>
                <WarningOutlined style={{ color: '#faad14' }} aria-label="需核对" />
              </Tooltip>
            ) : null}
            {editable && !m.taskId ? (
              <>
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
                <Popconfirm
                  title={`删除措施 ${m.number}？`}
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => onDelete(m)}
                >
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除措施 ${m.number}`}
                    onClick={(event) => event.stopPropagation()}
                  />
                </Popconfirm>
              </>
            ) : null}
          </Space>
        );
      },
    },
  ];
  return (
    <Table<MeasureView>
      rowKey="id"
      size="small"
      tableLayout="fixed"
      columns={columns}
      dataSource={measures}
      pagination={false}
      scroll={{ y: 'calc(100vh - 360px)' }}
      rowSelection={
        editable
          ? {
              columnWidth: 32,
              selectedRowKeys: checkedIds,
              onChange: (keys) => onCheck(keys.map(String)),
              getCheckboxProps: (m) => ({
                disabled: Boolean(m.taskId),
                'aria-label': `选择措施 ${m.number}`,
              }),
            }
          : undefined
      }
      onRow={(measure) => ({ onClick: () => onSelect(measure), style: { cursor: 'pointer' } })}
      rowClassName={(measure) => (measure.id === selectedId ? 'ant-table-row-selected' : '')}
    />
  );
}
