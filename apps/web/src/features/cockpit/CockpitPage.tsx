// 驾驶舱: the leader's one screen (wall screen or laptop). Every figure links to the task list with the filter
// that reproduces it; the document and unit filters are the task list's own, so the counts carry over.
import {
  Card,
  Col,
  Empty,
  Flex,
  Progress,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  addDays,
  LIGHT_LABELS,
  LIGHTS,
  type CockpitQuery,
  type CockpitView,
  type Light,
} from '@duban/contracts';
import { TrafficLight } from '../../components/TrafficLight';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime, today } from '../../lib/dates';
import { toQueryString } from '../../lib/http';
import { useUrlFilters } from '../../lib/useFilters';
import { DocumentSelect } from '../documents/DocumentSelect';
import {
  useCockpit,
  useDocumentStats,
  useOverview,
  useTrend,
  useUnitRanking,
} from '../dashboard/dashboard.queries';
import { TrendChart } from '../dashboard/TrendChart';
import { UnitSelect } from '../units/UnitSelect';

const LIGHT_COLORS: Record<Light, string> = { red: '#f5222d', yellow: '#faad14', green: '#52c41a' };

const PERIODS = {
  month: { label: '近一月', interval: 'day', days: 30 },
  quarter: { label: '近一季', interval: 'week', days: 91 },
  year: { label: '近一年', interval: 'month', days: 365 },
} as const;
type Period = keyof typeof PERIODS;

const COCKPIT_FILTERS = ['regionId', 'documentId'] as const;

const tasksLink = (filters: Record<string, string | undefined>) => `/tasks${toQueryString(filters)}`;

/** A name that stays on one line and shows in full on hover (unit names run long). */
const OneLine = ({ text, to }: { text: string; to?: string }) => (
  <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: '100%' }}>
    {to ? <Link to={to}>{text}</Link> : text}
  </Typography.Text>
);

function Figure({
  title,
  value,
  to,
  color,
  suffix,
}: {
  title: string;
  value: number;
  to?: string;
  color?: string;
  suffix?: string;
}) {
  const figure = (
    <Card hoverable={Boolean(to)} size="small">
      <Statistic title={title} value={value} suffix={suffix} styles={{ content: { color } }} />
    </Card>
  );
  return to ? <Link to={to}>{figure}</Link> : figure;
}

function BehindUnits({ units, filters }: { units: CockpitView['behindUnits']; filters: CockpitQuery }) {
  const columns: ColumnsType<CockpitView['behindUnits'][number]> = [
    {
      title: '单位',
      dataIndex: 'unitName',
      ellipsis: { showTitle: false },
      render: (name: string) => <OneLine text={name} />,
    },
    {
      title: '落后任务',
      dataIndex: 'behind',
      width: 80,
      render: (count: number) => (
        <Tooltip title="本单位承办、今天落后序时进度的任务数">
          <span>{count}</span>
        </Tooltip>
      ),
    },
    {
      title: '平均落后',
      dataIndex: 'gap',
      width: 150,
      render: (gap: number) => (
        <Tooltip title={`在办任务平均落后序时进度 ${gap} 个百分点`}>
          <Progress
            percent={Math.min(Math.max(gap, 0), 100)}
            showInfo={false}
            strokeColor="#faad14"
            size="small"
          />
          <span>{gap} 个百分点</span>
        </Tooltip>
      ),
    },
    {
      title: '黄灯任务',
      dataIndex: 'yellowTasks',
      width: 90,
      render: (count: number, row) => (
        <Link to={tasksLink({ ...filters, unitId: row.unitId, light: 'yellow' })}>{count}</Link>
      ),
    },
  ];
  return (
    <Table
      rowKey="unitId"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={units}
      tableLayout="fixed"
    />
  );
}

export function CockpitPage() {
  // Region and document live in the URL, so a wall screen's filtered view can be bookmarked and shared.
  const [filters, setUrlFilters] = useUrlFilters(COCKPIT_FILTERS);
  const setFilters = (update: (current: CockpitQuery) => CockpitQuery) => setUrlFilters(update(filters));
  const [period, setPeriod] = useState<Period>('quarter');
  const overview = useOverview(filters);
  const cockpit = useCockpit(filters);
  const { interval, days } = PERIODS[period];
  const trend = useTrend(interval, addDays(today(), -days), filters);
  // The top ten by overdue: the first page of each ranking, sorted on the server.
  const topTen = { sort: 'overdue', order: 'desc', page: 1, pageSize: 10, ...filters } as const;
  const overdueUnits = useUnitRanking(topTen);
  const documents = useDocumentStats(topTen);
  const overdueDocuments = (documents.data?.items ?? []).filter((doc) => doc.overdue > 0);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Flex wrap gap={12} align="center">
          <Typography.Title level={4} style={{ margin: 0, marginInlineEnd: 'auto' }}>
            督办驾驶舱
          </Typography.Title>
          <DocumentSelect
            style={{ width: 280, maxWidth: '100%' }}
            value={filters.documentId}
            onChange={(documentId) => setFilters((f) => ({ ...f, documentId: documentId || undefined }))}
          />
          <UnitSelect
            placeholder="地区或单位"
            allowClear
            style={{ width: 220, maxWidth: '100%' }}
            value={filters.regionId}
            onChange={(regionId) =>
              setFilters((f) => ({ ...f, regionId: (regionId as string | undefined) || undefined }))
            }
          />
          <Segmented
            value={period}
            onChange={(value) => setPeriod(value as Period)}
            options={Object.entries(PERIODS).map(([value, p]) => ({ value, label: p.label }))}
          />
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Figure
            title="完成率"
            value={overview.data?.completionRate ?? 0}
            suffix="%"
            to={tasksLink({ ...filters, status: 'completed' })}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            title="按时完成率"
            value={overview.data?.onTimeRate ?? 0}
            suffix="%"
            to={tasksLink({ ...filters, status: 'completed' })}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            title="逾期任务"
            value={overview.data?.overdue ?? 0}
            color="#f5222d"
            to={tasksLink({ ...filters, overdue: 'true' })}
          />
        </Col>
        {LIGHTS.slice()
          .reverse()
          .map((light) => (
            <Col key={light} xs={12} md={8} xl={4}>
              <Figure
                title={LIGHT_LABELS[light]}
                value={cockpit.data?.lights[light] ?? 0}
                color={LIGHT_COLORS[light]}
                to={tasksLink({ ...filters, light })}
              />
            </Col>
          ))}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12} xxl={8}>
          <Card title="完成率、按时完成率与逾期趋势" size="small">
            {trend.data ? <TrendChart points={trend.data.items} height={300} /> : <Spin />}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={12} xxl={8}>
          <Card title="落后序时进度的单位" size="small">
            {cockpit.data ? <BehindUnits units={cockpit.data.behindUnits} filters={filters} /> : <Spin />}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={12} xxl={8}>
          <Card title="逾期单位" size="small">
            <Table
              rowKey="unitId"
              size="small"
              pagination={false}
              tableLayout="fixed"
              loading={overdueUnits.isFetching}
              dataSource={(overdueUnits.data?.items ?? []).filter((u) => u.overdue > 0)}
              columns={[
                {
                  title: '单位',
                  dataIndex: 'unitName',
                  ellipsis: { showTitle: false },
                  render: (name: string) => <OneLine text={name} />,
                },
                {
                  title: '逾期',
                  dataIndex: 'overdue',
                  width: 70,
                  render: (n: number, row) => (
                    <Link to={tasksLink({ ...filters, unitId: row.unitId, overdue: 'true' })}>{n}</Link>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={12} xxl={8}>
          <Card title="逾期文件" size="small">
            <Table
              rowKey="documentId"
              size="small"
              pagination={false}
              tableLayout="fixed"
              loading={documents.isFetching}
              dataSource={overdueDocuments}
              columns={[
                {
                  title: '文件',
                  dataIndex: 'title',
                  ellipsis: { showTitle: false },
                  render: (title: string) => <OneLine text={title} />,
                },
                {
                  title: '逾期',
                  dataIndex: 'overdue',
                  width: 70,
                  render: (n: number, row) => (
                    <Link to={tasksLink({ ...filters, documentId: row.documentId, overdue: 'true' })}>
                      {n}
                    </Link>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={24} xl={12} xxl={16}>
          <Card title={`领导批示的任务（${cockpit.data?.instructed.total ?? 0}）`} size="small">
            {cockpit.data?.instructed.items.length ? (
              <Table
                rowKey="taskId"
                size="small"
                pagination={false}
                tableLayout="fixed"
                dataSource={cockpit.data.instructed.items}
                columns={[
                  {
                    title: '任务',
                    dataIndex: 'title',
                    ellipsis: { showTitle: false },
                    render: (title: string, row) => (
                      <OneLine text={`${row.code} ${title}`} to={`/tasks/${row.taskId}`} />
                    ),
                  },
                  {
                    title: '批示',
                    dataIndex: 'instruction',
                    ellipsis: { showTitle: false },
                    render: (text: string) => <OneLine text={text} />,
                  },
                  { title: '批示时间', dataIndex: 'at', width: 150, render: formatDateTime },
                  {
                    title: '灯',
                    dataIndex: 'light',
                    width: 50,
                    render: (light: Light) => <TrafficLight light={light} showLabel={false} />,
                  },
                  {
                    title: '状态',
                    dataIndex: 'status',
                    width: 80,
                    render: (_, row) => <StatusTag kind="task" status={row.status} />,
                  },
                ]}
              />
            ) : (
              <Empty description="暂无批示" />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
