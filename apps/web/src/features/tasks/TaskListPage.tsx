import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Input, Progress, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  LIGHT_LABELS,
  LIGHTS,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  type TaskFilters,
  type TaskSummary,
} from '@duban/contracts';
import { AssigneeList } from '../../components/AssigneeList';
import { DeadlineCell } from '../../components/DeadlineCell';
import { StatusTag } from '../../components/StatusTag';
import { TrafficLight } from '../../components/TrafficLight';
import { fromDayjs, toDayjs } from '../../lib/dates';
import { notifyError } from '../../lib/notify';
import { useCan } from '../../lib/useCan';
import { useUrlFilters } from '../../lib/useFilters';
import { usePagedTable } from '../../lib/usePagedTable';
import { DocumentSelect } from '../documents/DocumentSelect';
import { UnitSelect } from '../units/UnitSelect';
import { CreateTaskModal } from './CreateTaskModal';
import { TASK_FILTER_KEYS, tasksApi } from './tasks.api';

const columns: ColumnsType<TaskSummary> = [
  { title: '编号', dataIndex: 'code', width: 110 },
  {
    title: '任务名称',
    dataIndex: 'title',
    // Wide enough on a phone to read as lines, not a column of two or three characters.
    width: 220,
    render: (title: string, task) => <Link to={`/tasks/${task.id}`}>{title}</Link>,
  },
  {
    title: '来源文件',
    dataIndex: 'documentTitle',
    width: 200,
    render: (_, task) =>
      task.documentTitle ? (
        <Typography.Text ellipsis={{ tooltip: task.documentTitle }} style={{ maxWidth: 190 }}>
          {task.measureNumber ? `${task.measureNumber} · ` : ''}
          {task.documentTitle}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">手工创建</Typography.Text>
      ),
  },
  {
    title: '牵头/责任单位',
    key: 'units',
    width: 260,
    render: (_, task) => <AssigneeList assignments={task.assignments} />,
  },
  {
    title: '完成时限',
    dataIndex: 'deadline',
    width: 170,
    render: (_, task) => <DeadlineCell {...task} closed={task.status !== 'in_progress'} />,
  },
  {
    title: '进度',
    dataIndex: 'progress',
    width: 120,
    render: (progress: number) => <Progress percent={progress} size="small" />,
  },
  {
    title: '红黄绿灯',
    dataIndex: 'light',
    width: 90,
    render: (_, task) => <TrafficLight light={task.light} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, task) => <StatusTag kind="task" status={task.status} />,
  },
];

export function TaskListPage() {
  const can = useCan();
  const [filters, setFilters] = useUrlFilters(TASK_FILTER_KEYS);
  const typed = filters as TaskFilters;
  const { tableProps } = usePagedTable('tasks', typed, tasksApi.list);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);

  const exportLedger = async () => {
    setExporting(true);
    try {
      await tasksApi.exportLedger(typed);
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title="督办事项"
      extra={
        <Space>
          {can('exports.read') ? (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportLedger}>
              导出台账
            </Button>
          ) : null}
          {can('tasks.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建任务
            </Button>
          ) : null}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="任务名称或编号"
          allowClear
          defaultValue={typed.q}
          onSearch={(q) => setFilters({ q })}
          style={{ width: 220 }}
        />
        {can('documents.read') ? (
          <DocumentSelect
            value={typed.documentId}
            onChange={(documentId) => setFilters({ documentId })}
            style={{ width: 240 }}
          />
        ) : null}
        <UnitSelect
          allowClear
          placeholder="所属地区"
          value={typed.regionId}
          onChange={(regionId) => setFilters({ regionId: regionId as string | undefined })}
          style={{ width: 200 }}
        />
        <UnitSelect
          allowClear
          placeholder="承办单位"
          value={typed.unitId}
          onChange={(unitId) => setFilters({ unitId: unitId as string | undefined })}
          style={{ width: 200 }}
        />
        <Select
          placeholder="状态"
          allowClear
          value={typed.status}
          onChange={(status) => setFilters({ status })}
          options={TASK_STATUSES.map((status) => ({ value: status, label: TASK_STATUS_LABELS[status] }))}
          style={{ width: 110 }}
        />
        <Select
          placeholder="红黄绿灯"
          allowClear
          value={typed.light}
          onChange={(light) => setFilters({ light })}
          options={LIGHTS.map((light) => ({ value: light, label: LIGHT_LABELS[light] }))}
          style={{ width: 110 }}
        />
        <Select
          placeholder="是否逾期"
          allowClear
          value={typed.overdue}
          onChange={(overdue) => setFilters({ overdue })}
          options={[
            { value: 'true', label: '已逾期' },
            { value: 'false', label: '未逾期' },
          ]}
          style={{ width: 110 }}
        />
        <DatePicker.RangePicker
          placeholder={['时限起', '时限止']}
          value={[toDayjs(typed.deadlineFrom), toDayjs(typed.deadlineTo)]}
          onChange={(range) =>
            setFilters({ deadlineFrom: fromDayjs(range?.[0]), deadlineTo: fromDayjs(range?.[1]) })
          }
        />
        {typed.dueSoon === 'true' ? (
          <Button size="small" onClick={() => setFilters({ dueSoon: null })}>
            仅临期 ✕
          </Button>
        ) : null}
      </Space>
      <Table<TaskSummary> {...tableProps} columns={columns} scroll={{ x: 1320 }} size="middle" />
      <CreateTaskModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
