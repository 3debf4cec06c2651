import { Card, Col, Progress, Radio, Row, Segmented, Spin, Statistic, Table } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  DocumentSort,
  DocumentStats,
  StatsOverview,
  TaskFilters,
  UnitSort,
  UnitStats,
} from '@duban/contracts';
import { toQueryString } from '../../lib/http';
import { useDocumentStats, useOverview, useTrend, useUnitRanking } from './dashboard.queries';
import { TrendChart } from './TrendChart';

// Rates arrive as percentages (0–100, one decimal).
/** Each card opens the task list with the filter that reproduces its number. */
const CARDS: {
  key: keyof StatsOverview;
  title: string;
  filter: TaskFilters;
  color?: string;
  rate?: boolean;
}[] = [
  { key: 'total', title: '任务总数', filter: {} },
  { key: 'completed', title: '已办结', filter: { status: 'completed' }, color: '#52c41a' },
  { key: 'inProgress', title: '办理中', filter: { status: 'in_progress' }, color: '#1677ff' },
  { key: 'overdue', title: '逾期', filter: { overdue: 'true' }, color: '#f5222d' },
  { key: 'dueSoon', title: '临期', filter: { dueSoon: 'true' }, color: '#faad14' },
  { key: 'completionRate', title: '完成率', filter: { status: 'completed' }, rate: true },
  { key: 'onTimeRate', title: '按时完成率', filter: { status: 'completed' }, rate: true },
];

const rateColumn = {
  title: '完成率',
  dataIndex: 'completionRate',
  width: 160,
  render: (rate: number) => <Progress percent={rate} size="small" />,
};

/** Both tables page on the server: a province ranks thousands of units and documents. */
const PAGE_SIZE = 10;

const unitColumns = (page: number): ColumnsType<UnitStats> => [
  { title: '排名', key: 'rank', width: 60, render: (_, __, index) => (page - 1) * PAGE_SIZE + index + 1 },
  {
    title: '单位',
    dataIndex: 'unitName',
    render: (name: string, row) => <Link to={`/tasks${toQueryString({ unitId: row.unitId })}`}>{name}</Link>,
  },
  { title: '任务数', dataIndex: 'total', width: 80 },
  { title: '已办结', dataIndex: 'completed', width: 80 },
  {
    title: '逾期',
    dataIndex: 'overdue',
    width: 70,
    render: (n: number) => <span style={{ color: n ? '#f5222d' : undefined }}>{n}</span>,
  },
  rateColumn,
];

type DocumentOrder = { sort: DocumentSort; order: 'asc' | 'desc' };

/** Sortable on the server by title, tasks, overdue and rate (the column header sets the order). */
const documentColumns = ({ sort, order }: DocumentOrder): ColumnsType<DocumentStats> => {
  const sorted = (key: DocumentSort) => ({
    key,
    sorter: true,
    sortOrder: sort === key ? (order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });
  return [
    {
      title: '文件',
      dataIndex: 'title',
      ...sorted('title'),
      render: (title: string, row) => (
        <Link to={`/tasks${toQueryString({ documentId: row.documentId })}`}>{title}</Link>
      ),
    },
    { title: '任务数', dataIndex: 'total', width: 90, ...sorted('total') },
    { title: '已办结', dataIndex: 'completed', width: 80 },
    { title: '逾期', dataIndex: 'overdue', width: 80, ...sorted('overdue') },
    { ...rateColumn, ...sorted('completionRate') },
  ];
};

export function DashboardPage() {
  const overview = useOverview();
  const [sort, setSort] = useState<UnitSort>('completionRate');
  const [unitPage, setUnitPage] = useState(1);
  const ranking = useUnitRanking({ sort, order: 'desc', page: unitPage, pageSize: PAGE_SIZE });
  const [documentOrder, setDocumentOrder] = useState<DocumentOrder>({ sort: 'title', order: 'asc' });
  const [documentPage, setDocumentPage] = useState(1);
  const documents = useDocumentStats({ ...documentOrder, page: documentPage, pageSize: PAGE_SIZE });
  const [interval, setInterval] = useState<'day' | 'week' | 'month'>('week');
  const trend = useTrend(interval);

  return (
    <Row gutter={[16, 16]}>
      {CARDS.map((card) => (
        <Col key={card.key} flex="1 1 150px">
          <Link to={`/tasks${toQueryString(card.filter as Record<string, string>)}`}>
            <Card hoverable size="small">
              {overview.isLoading ? (
                <Spin />
              ) : (
                <Statistic
                  title={card.title}
                  value={overview.data?.[card.key] ?? 0}
                  suffix={card.rate ? '%' : undefined}
                  styles={{ content: { color: card.color } }}
                />
              )}
            </Card>
          </Link>
        </Col>
      ))}
      <Col xs={24} xl={12}>
        <Card
          title="单位排名"
          extra={
            <Radio.Group
              size="small"
              value={sort}
              onChange={(e) => {
                setSort(e.target.value);
                setUnitPage(1);
              }}
            >
              <Radio.Button value="completionRate">按完成率</Radio.Button>
              <Radio.Button value="overdue">按逾期数</Radio.Button>
            </Radio.Group>
          }
        >
          <Table<UnitStats>
            rowKey="unitId"
            size="small"
            loading={ranking.isFetching}
            columns={unitColumns(unitPage)}
            dataSource={ranking.data?.items ?? []}
            pagination={{
              current: unitPage,
              pageSize: PAGE_SIZE,
              total: ranking.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setUnitPage,
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card
          title="办结与逾期趋势"
          extra={
            <Segmented
              size="small"
              value={interval}
              onChange={(value) => setInterval(value as 'day' | 'week' | 'month')}
              options={[
                { value: 'day', label: '按日' },
                { value: 'week', label: '按周' },
                { value: 'month', label: '按月' },
              ]}
            />
          }
        >
          {trend.data ? <TrendChart points={trend.data.items} /> : <Spin />}
        </Card>
      </Col>
      <Col span={24}>
        <Card title="按文件统计">
          <Table<DocumentStats>
            rowKey="documentId"
            size="small"
            loading={documents.isFetching}
            columns={documentColumns(documentOrder)}
            dataSource={documents.data?.items ?? []}
            pagination={{
              current: documentPage,
              pageSize: PAGE_SIZE,
              total: documents.data?.total ?? 0,
              showSizeChanger: false,
            }}
            onChange={(pagination, _filters, sorter) => {
              const { columnKey, order } = sorter as SorterResult<DocumentStats>;
              const next: DocumentOrder = order
                ? { sort: columnKey as DocumentSort, order: order === 'ascend' ? 'asc' : 'desc' }
                : { sort: 'title', order: 'asc' };
              const resorted = next.sort !== documentOrder.sort || next.order !== documentOrder.order;
              setDocumentOrder(next);
              setDocumentPage(resorted ? 1 : (pagination.current ?? 1));
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}
