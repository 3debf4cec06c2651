// 工作日历: the State Council's holidays come packaged; an admin enters next year's arrangement (or a
// local change) here, and reminders count working days by it from the next sweep.
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { weekday, type CalendarDayView } from '@duban/contracts';
import { fromDayjs, today } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { useCalendarOverride, useCalendarYear } from './reminders.queries';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

interface OverrideValues {
  date: Dayjs;
  isWorkingDay: boolean;
  note?: string;
}

export function CalendarCard() {
  const [year, setYear] = useState(() => Number(today().slice(0, 4)));
  const calendar = useCalendarYear(year);
  const override = useCalendarOverride();
  const [form] = Form.useForm<OverrideValues>();

  const columns: ColumnsType<CalendarDayView> = [
    { title: '日期', dataIndex: 'date', width: 120 },
    {
      title: '星期',
      dataIndex: 'date',
      key: 'weekday',
      width: 70,
      render: (date: string) => WEEKDAYS[weekday(date)],
    },
    {
      title: '安排',
      dataIndex: 'isWorkingDay',
      width: 90,
      render: (working: boolean) => (working ? <Tag color="blue">上班</Tag> : <Tag color="green">休息</Tag>),
    },
    { title: '说明', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
    {
      title: '来源',
      dataIndex: 'source',
      width: 110,
      render: (source: CalendarDayView['source']) => (source === 'override' ? '管理员调整' : '国务院安排'),
    },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, day) =>
        day.source === 'override' ? (
          <Popconfirm
            title="撤销这一天的调整？"
            okText="撤销"
            onConfirm={() => override.remove.mutate(day.date, { onSuccess: () => notifySuccess('已撤销') })}
          >
            <Button size="small" type="link" danger>
              撤销
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  const submit = (values: OverrideValues) => {
    const date = fromDayjs(values.date)!;
    override.set.mutate(
      { date, isWorkingDay: values.isWorkingDay, note: values.note?.trim() || undefined },
      {
        onSuccess: () => {
          notifySuccess('工作日历已更新');
          form.resetFields(['date', 'note']);
          // Show the year the new day belongs to, so the change is visible.
          setYear(Number(date.slice(0, 4)));
        },
      },
    );
  };

  return (
    <Card
      title="工作日历"
      extra={
        <Space>
          年份
          <InputNumber
            aria-label="年份"
            min={2000}
            max={2079}
            value={year}
            onChange={(value) => value && setYear(value)}
          />
        </Space>
      }
    >
      {calendar.data && !calendar.data.packaged ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${year} 年的法定节假日尚未内置：目前只按周一至周五计算工作日，请按国务院办公厅通知录入节假日和调休上班日。`}
        />
      ) : null}
      <Form<OverrideValues>
        form={form}
        layout="inline"
        initialValues={{ isWorkingDay: false }}
        onFinish={submit}
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="isWorkingDay">
          <Radio.Group
            options={[
              { value: false, label: '休息' },
              { value: true, label: '上班' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input placeholder="如：春节、国庆节调休" maxLength={100} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={override.set.isPending}>
            保存
          </Button>
        </Form.Item>
      </Form>
      <Table<CalendarDayView>
        rowKey="date"
        size="small"
        loading={calendar.isLoading}
        columns={columns}
        dataSource={calendar.data?.exceptions ?? []}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        title={() =>
          calendar.data
            ? `${year} 年共 ${calendar.data.workingDays} 个工作日；下表为节假日、调休及管理员调整`
            : null
        }
      />
    </Card>
  );
}
